-- AlterTable
ALTER TABLE "api_request_logs" ADD COLUMN     "after_rotation" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN     "expires_predecessor_on_first_use" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "rotated_at" TIMESTAMPTZ(3),
ADD COLUMN     "rotation_ends_at" TIMESTAMPTZ(3),
ADD COLUMN     "successor_id" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_successor_id_key" ON "api_tokens"("successor_id");

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_successor_id_fkey" FOREIGN KEY ("successor_id") REFERENCES "api_tokens"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A rotated token has both instants, its grace ending no earlier than the rotation
-- (Prisma does not model CHECK constraints; they live here).
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_rotation_consistent" CHECK (
  ("rotated_at" IS NULL AND "rotation_ends_at" IS NULL AND "successor_id" IS NULL)
  OR ("rotated_at" IS NOT NULL AND "rotation_ends_at" >= "rotated_at")
);
