-- Each time a pending invitation is emailed again (Resend, with a new link): counted by the
-- daily invitation limits beside the invitations themselves.
CREATE TABLE "invitation_resends" (
    "id" UUID NOT NULL,
    "invitation_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invitation_resends_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "invitation_resends_organization_id_created_at_idx" ON "invitation_resends"("organization_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "invitation_resends_email_created_at_idx" ON "invitation_resends"("email", "created_at" DESC);

-- CreateIndex
CREATE INDEX "invitation_resends_invitation_id_idx" ON "invitation_resends"("invitation_id");

-- AddForeignKey
ALTER TABLE "invitation_resends" ADD CONSTRAINT "invitation_resends_invitation_id_fkey" FOREIGN KEY ("invitation_id") REFERENCES "invitations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
