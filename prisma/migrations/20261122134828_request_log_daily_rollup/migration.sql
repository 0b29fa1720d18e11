-- CreateTable
CREATE TABLE "api_request_log_daily" (
    "token_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "client_ip" TEXT NOT NULL,
    "organization_id" UUID NOT NULL,
    "successes" INTEGER NOT NULL DEFAULT 0,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "api_request_log_daily_pkey" PRIMARY KEY ("token_id","day","client_ip")
);

-- CreateIndex
CREATE INDEX "api_request_log_daily_organization_id_day_idx" ON "api_request_log_daily"("organization_id", "day");

-- CreateIndex
CREATE INDEX "api_request_logs_organization_id_client_ip_created_at_id_idx" ON "api_request_logs"("organization_id", "client_ip", "created_at" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "api_request_log_daily" ADD CONSTRAINT "api_request_log_daily_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_request_log_daily" ADD CONSTRAINT "api_request_log_daily_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "api_tokens"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Keep api_request_log_daily current from every insert into api_request_logs. A
-- statement-level trigger sees the whole batch (the log writer inserts hundreds of rows
-- per statement) and folds it into one upsert per (token, day, IP). Rows are upserted in
-- key order so that two concurrent batches lock shared rows in the same order and cannot
-- deadlock.
CREATE FUNCTION "api_request_log_daily_rollup"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "api_request_log_daily" AS daily
    ("token_id", "day", "client_ip", "organization_id", "successes", "failures", "first_seen_at", "last_seen_at")
  SELECT "token_id", ("created_at" AT TIME ZONE 'UTC')::date, "client_ip", "organization_id",
         count(*) FILTER (WHERE "status" < 400), count(*) FILTER (WHERE "status" >= 400),
         min("created_at"), max("created_at")
  FROM new_rows
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3
  ON CONFLICT ("token_id", "day", "client_ip") DO UPDATE SET
    "successes" = daily."successes" + EXCLUDED."successes",
    "failures" = daily."failures" + EXCLUDED."failures",
    "first_seen_at" = LEAST(daily."first_seen_at", EXCLUDED."first_seen_at"),
    "last_seen_at" = GREATEST(daily."last_seen_at", EXCLUDED."last_seen_at");
  RETURN NULL;
END;
$$;

CREATE TRIGGER "api_request_logs_daily_rollup"
  AFTER INSERT ON "api_request_logs"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "api_request_log_daily_rollup"();

-- Existing logs.
INSERT INTO "api_request_log_daily"
  ("token_id", "day", "client_ip", "organization_id", "successes", "failures", "first_seen_at", "last_seen_at")
SELECT "token_id", ("created_at" AT TIME ZONE 'UTC')::date, "client_ip", "organization_id",
       count(*) FILTER (WHERE "status" < 400), count(*) FILTER (WHERE "status" >= 400),
       min("created_at"), max("created_at")
FROM "api_request_logs"
GROUP BY 1, 2, 3, 4;
