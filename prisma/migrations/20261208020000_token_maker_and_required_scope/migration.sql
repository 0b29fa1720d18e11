-- AlterTable
ALTER TABLE "api_request_logs" ADD COLUMN     "required_scope" TEXT;

-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN     "created_by_token_id" UUID;

-- CreateIndex
CREATE INDEX "api_tokens_created_by_token_id_idx" ON "api_tokens"("created_by_token_id");

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_token_id_fkey" FOREIGN KEY ("created_by_token_id") REFERENCES "api_tokens"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Tokens made through the API before this column: their audit events name the token that
-- acted (token.created targets the new token; token.rotated names it as successorId).
UPDATE "api_tokens" AS t SET "created_by_token_id" = e."actor_token_id"
FROM "audit_events" AS e
WHERE e."actor_token_id" IS NOT NULL
  AND t."created_by_token_id" IS NULL
  AND ((e."action" = 'token.created' AND e."target_id" = t."id"::text)
    OR (e."action" = 'token.rotated' AND e."metadata"->>'successorId' = t."id"::text));

-- ...and count under the person accountable for the token that made them, as new ones do
-- (one level per statement; a token made by a token made by a token is rare enough).
UPDATE "api_tokens" AS t SET "created_by_id" = maker."created_by_id"
FROM "api_tokens" AS maker
WHERE t."created_by_token_id" = maker."id" AND t."created_by_id" IS NULL;
UPDATE "api_tokens" AS t SET "created_by_id" = maker."created_by_id"
FROM "api_tokens" AS maker
WHERE t."created_by_token_id" = maker."id" AND t."created_by_id" IS NULL;
