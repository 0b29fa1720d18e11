-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "max_token_lifetime_days" INTEGER;

-- Only the lifetimes the dashboard and the API offer (lib/auth/token-lifetime-policy.ts).
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_max_token_lifetime_days_check"
  CHECK ("max_token_lifetime_days" IS NULL OR "max_token_lifetime_days" IN (30, 90, 365));
