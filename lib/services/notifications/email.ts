import "server-only";
import { clock } from "@/lib/clock";
import { config, mailDelivery } from "@/lib/config";
import { db } from "@/lib/db";
import { deliverEmail } from "@/lib/services/mail/deliver";
import { dashboardLink } from "@/lib/services/mail/links";
import { notificationAdvice, notificationTitle } from "./text";

// Notification emails, when email is on (SMTP_URL, or the log in development). A notification is created with
// email_pending = true; the notification-emails job claims pending ones (one UPDATE, so
// two instances never claim the same) and queues one notification-email job each, which
// pg-boss retries when the SMTP server fails. emailed_at makes a send happen once.

export const NOTIFICATION_EMAIL_QUEUE = "notification-email";
/** Claimed per run of the notification-emails job; the rest wait for the next minute. */
const CLAIM_BATCH = 500;

export interface NotificationEmailJob {
  notificationId: string;
}

export type QueueNotificationEmail = (job: NotificationEmailJob) => Promise<unknown>;

/** Claims the pending notifications and queues an email job for each. */
export async function queueNotificationEmails(
  queue: QueueNotificationEmail,
): Promise<{ queued: number }> {
  const claimed = await db.notification.updateManyAndReturn({
    where: { emailPending: true },
    data: { emailPending: false },
    select: { id: true },
    limit: CLAIM_BATCH,
  });
  for (const [index, { id }] of claimed.entries()) {
    try {
      await queue({ notificationId: id });
    } catch (error) {
      // Not queued: give this and the rest back to the next run.
      const rest = claimed.slice(index).map((row) => row.id);
      await db.notification.updateMany({
        where: { id: { in: rest } },
        data: { emailPending: true },
      });
      throw error;
    }
  }
  return { queued: claimed.length };
}

/**
 * Sends one notification's email. Throws when the SMTP server fails, so the job is retried;
 * returns without sending when it was sent already or email is off.
 */
export async function sendNotificationEmail(notificationId: string): Promise<{ sent: boolean }> {
  if (mailDelivery(config()) === "off") return { sent: false };
  const notification = await db.notification.findUnique({
    where: { id: notificationId },
    select: {
      kind: true,
      thresholdDays: true,
      emailedAt: true,
      user: { select: { email: true } },
      token: { select: { name: true, organization: { select: { name: true } } } },
    },
  });
  if (!notification || notification.emailedAt) return { sent: false };

  const subject = notificationTitle({
    kind: notification.kind,
    thresholdDays: notification.thresholdDays,
    tokenName: notification.token.name,
  });
  const lines = [
    `${subject} (organization “${notification.token.organization.name}”).`,
    "",
    notificationAdvice(notification.kind),
    "",
    dashboardLink("/settings/api-tokens"),
  ];
  await deliverEmail({
    to: notification.user.email,
    subject: `MailShield: ${subject}`,
    text: lines.join("\n"),
  });
  await db.notification.update({ where: { id: notificationId }, data: { emailedAt: clock.now() } });
  return { sent: true };
}
