-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN     "revoked_by_token_id" UUID;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_revoked_by_token_id_fkey" FOREIGN KEY ("revoked_by_token_id") REFERENCES "api_tokens"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Tokens revoked through the API before this column: their token.revoked audit event names
-- the token that acted.
UPDATE "api_tokens" AS t SET "revoked_by_token_id" = e."actor_token_id"
FROM "audit_events" AS e
WHERE e."actor_token_id" IS NOT NULL
  AND t."revoked_by_token_id" IS NULL
  AND t."revoked_at" IS NOT NULL
  AND e."action" = 'token.revoked'
  AND e."target_id" = t."id"::text;
