-- AlterTable
ALTER TABLE "api_request_logs" ADD COLUMN     "refusal_reason" TEXT,
ADD COLUMN     "request_id" TEXT;

-- CreateIndex
CREATE INDEX "api_request_logs_organization_id_request_id_idx" ON "api_request_logs"("organization_id", "request_id");
