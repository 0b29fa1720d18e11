-- Whether each invitation's email was attempted, which the daily emails per recipient count.
-- Invitations from before were emailed whenever SMTP_URL was set, which nothing recorded:
-- they count as emailed (an address invited today may get fewer emails, never more).
ALTER TABLE "invitations" ADD COLUMN "email_attempted" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "invitations" ALTER COLUMN "email_attempted" SET DEFAULT false;
