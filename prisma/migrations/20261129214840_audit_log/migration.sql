-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN     "actor_token_id" UUID;

-- CreateIndex
CREATE INDEX "audit_events_actor_token_id_idx" ON "audit_events"("actor_token_id");

-- CreateIndex
CREATE INDEX "audit_events_created_at_idx" ON "audit_events"("created_at");

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_token_id_fkey" FOREIGN KEY ("actor_token_id") REFERENCES "api_tokens"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Backfill: events by a token used to keep actor_id null and name the token in metadata
-- (via = "api", tokenId). Point them at the token where it still exists; the metadata stays,
-- so events of deleted tokens keep the name they were recorded with.
UPDATE "audit_events" e
   SET "actor_token_id" = t."id"
  FROM "api_tokens" t
 WHERE e."actor_token_id" IS NULL
   AND e."metadata"->>'via' = 'api'
   AND t."id"::text = e."metadata"->>'tokenId'
   AND t."organization_id" = e."organization_id";

-- Append-only. The application has no update or delete path for audit events; this makes
-- the database refuse them too, whoever asks. Three exceptions, each checked narrowly:
--  * the retention job, inside a transaction that set `mailshield.audit_retention` to 'on'
--    with SET LOCAL (it ends with the transaction);
--  * an organization's deletion cascading to its events (the organization is gone by then);
--  * ON DELETE SET NULL of the acting user or token: only the actor column of a user or
--    token that no longer exists may become null, nothing else may change.
CREATE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF current_setting('mailshield.audit_retention', true) = 'on'
       OR NOT EXISTS (SELECT 1 FROM "organizations" WHERE "id" = OLD."organization_id") THEN
      RETURN OLD;
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    IF (NEW."id", NEW."organization_id", NEW."action", NEW."target_type", NEW."target_id",
        NEW."metadata", NEW."ip", NEW."created_at")
       IS NOT DISTINCT FROM
       (OLD."id", OLD."organization_id", OLD."action", OLD."target_type", OLD."target_id",
        OLD."metadata", OLD."ip", OLD."created_at")
       AND (NEW."actor_id" IS NOT DISTINCT FROM OLD."actor_id"
            OR (NEW."actor_id" IS NULL
                AND NOT EXISTS (SELECT 1 FROM "users" WHERE "id" = OLD."actor_id")))
       AND (NEW."actor_token_id" IS NOT DISTINCT FROM OLD."actor_token_id"
            OR (NEW."actor_token_id" IS NULL
                AND NOT EXISTS (SELECT 1 FROM "api_tokens" WHERE "id" = OLD."actor_token_id")))
    THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "audit_events_append_only"
  BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"();

CREATE TRIGGER "audit_events_no_truncate"
  BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"();
