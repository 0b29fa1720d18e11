-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN     "exposed_at" TIMESTAMPTZ(3),
ADD COLUMN     "exposed_source" TEXT,
ADD COLUMN     "exposed_url" TEXT;

-- AlterTable
ALTER TABLE "memberships" ADD COLUMN     "exposure_notices_dismissed_through" TIMESTAMPTZ(3);
