-- The declared operation and the scope it required, recorded with each request.
ALTER TABLE "api_request_logs" ADD COLUMN "operation" TEXT, ADD COLUMN "scope" VARCHAR(40);

-- Unused-token policy (off by default) and why MailShield revoked a token.
ALTER TABLE "organizations" ADD COLUMN "revoke_unused_tokens_after_days" INTEGER;
ALTER TABLE "api_tokens" ADD COLUMN "revoked_reason" VARCHAR(20), ADD COLUMN "revoked_unused_days" INTEGER;

ALTER TYPE "NotificationKind" ADD VALUE 'TOKEN_UNUSED';

-- CreateTable
CREATE TABLE "api_token_usage_daily" (
    "token_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "scope" VARCHAR(40) NOT NULL,
    "operation" TEXT NOT NULL,
    "organization_id" UUID NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "last_used_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "api_token_usage_daily_pkey" PRIMARY KEY ("token_id","day","scope","operation")
);

CREATE INDEX "api_token_usage_daily_organization_id_day_idx" ON "api_token_usage_daily"("organization_id", "day");

ALTER TABLE "api_token_usage_daily" ADD CONSTRAINT "api_token_usage_daily_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "api_token_usage_daily" ADD CONSTRAINT "api_token_usage_daily_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "api_tokens"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Keep api_token_usage_daily current from every insert into api_request_logs, as
-- api_request_log_daily is: one upsert per batch, rows in key order (no deadlock between
-- concurrent batches). Only accepted requests count (refused ones never used the scope),
-- and only those of a declared operation.
CREATE FUNCTION "api_token_usage_daily_rollup"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "api_token_usage_daily" AS daily
    ("token_id", "day", "scope", "operation", "organization_id", "requests", "last_used_at")
  SELECT "token_id", ("created_at" AT TIME ZONE 'UTC')::date, "scope", "operation",
         "organization_id", count(*), max("created_at")
  FROM new_rows
  WHERE "operation" IS NOT NULL AND "scope" IS NOT NULL AND "refusal_reason" IS NULL
  GROUP BY 1, 2, 3, 4, 5
  ORDER BY 1, 2, 3, 4
  ON CONFLICT ("token_id", "day", "scope", "operation") DO UPDATE SET
    "requests" = daily."requests" + EXCLUDED."requests",
    "last_used_at" = GREATEST(daily."last_used_at", EXCLUDED."last_used_at");
  RETURN NULL;
END;
$$;

CREATE TRIGGER "api_request_logs_token_usage_daily"
  AFTER INSERT ON "api_request_logs"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "api_token_usage_daily_rollup"();
