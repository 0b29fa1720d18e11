-- The unused-token policy's choices, as for the lifetime policy.
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_revoke_unused_tokens_after_days_check"
  CHECK ("revoke_unused_tokens_after_days" IN (30, 90, 180, 365));

-- When the creator and owners were last warned that the token will be revoked as unused;
-- a warning older than the token's last use no longer counts.
ALTER TABLE "api_tokens" ADD COLUMN "unused_warned_at" TIMESTAMPTZ(3);
