import "server-only";
import { clock } from "@/lib/clock";
import { config, mailDelivery } from "@/lib/config";
import { db } from "@/lib/db";
import { type NotificationKind, Role } from "@/lib/generated/prisma/enums";
import { can } from "@/lib/permissions";
import { enqueueWebhookEvents } from "@/lib/services/webhook-outbox/enqueue";

// Creates notifications for the owners and admins (the members who can act on a token) of
// the token's organization. Insert-once: the unique key (user, kind, token, threshold) and
// ON CONFLICT DO NOTHING make a second creation, by this instance or another at the same
// moment, a no-op, so each is shown and emailed once.

/** Days before expiry at which owners and admins are reminded, largest first. */
export const EXPIRY_THRESHOLDS_DAYS = [7, 1] as const;
const DAY_MS = 24 * 60 * 60 * 1000;

const NOTIFIED_ROLES = Object.values(Role).filter((role) => can(role, "tokens:write"));

interface TokenToNotify {
  id: string;
  organizationId: string;
  thresholdDays: number;
}

/** Tells the owners and admins that `tokenId` was revoked because it was found exposed. */
export async function notifyTokenExposed(tokenId: string): Promise<number> {
  const token = await db.apiToken.findUnique({
    where: { id: tokenId },
    select: { id: true, organizationId: true },
  });
  if (!token) return 0;
  // The webhook event goes with the notification: both come from the revocation's report.
  await enqueueWebhookEvents(db, token.organizationId, [
    {
      type: "token.exposed",
      dedupeKey: `token.exposed:${token.id}`,
      data: { tokenId: token.id, organizationId: token.organizationId },
    },
  ]);
  return createNotifications("TOKEN_EXPOSED", [{ ...token, thresholdDays: 0 }]);
}

/**
 * Reminds owners and admins of every working token that expires within 7 days (or 1 day).
 * Only the nearest threshold counts: a token found at 20 hours left gets the 1-day
 * reminder, not a late 7-day one too. Run hourly by the job worker (lib/jobs).
 */
export async function createExpiryReminders(now = clock.now()): Promise<{ created: number }> {
  const [widest] = EXPIRY_THRESHOLDS_DAYS;
  const tokens = await db.apiToken.findMany({
    where: {
      revokedAt: null,
      // A rotated token is already being replaced; its successor gets its own reminders.
      rotatedAt: null,
      expiresAt: { gt: now, lte: new Date(now.getTime() + widest * DAY_MS) },
    },
    select: { id: true, organizationId: true, expiresAt: true },
  });
  const due = tokens.map((token) => ({
    id: token.id,
    organizationId: token.organizationId,
    thresholdDays: nearestThreshold(token.expiresAt ?? now, now),
  }));
  // The same reminders as webhook events, once per token and threshold (the dedupe key),
  // for the organizations with an endpoint listening: one query for them, not one per token.
  const listening = new Set(
    (
      await db.webhookEndpoint.findMany({
        where: { enabled: true, eventTypes: { has: "token.expiring" } },
        select: { organizationId: true },
        distinct: ["organizationId"],
      })
    ).map((endpoint) => endpoint.organizationId),
  );
  for (const token of due.filter((row) => listening.has(row.organizationId))) {
    await enqueueWebhookEvents(db, token.organizationId, [
      {
        type: "token.expiring",
        dedupeKey: `token.expiring:${token.id}:${token.thresholdDays}`,
        data: {
          tokenId: token.id,
          organizationId: token.organizationId,
          expiresAt: tokens.find((row) => row.id === token.id)?.expiresAt?.toISOString() ?? null,
          daysLeft: token.thresholdDays,
        },
      },
    ]);
  }
  return { created: await createNotifications("TOKEN_EXPIRING", due) };
}

function nearestThreshold(expiresAt: Date, now: Date): number {
  const left = expiresAt.getTime() - now.getTime();
  const within = EXPIRY_THRESHOLDS_DAYS.filter((days) => left <= days * DAY_MS);
  return within[within.length - 1] ?? EXPIRY_THRESHOLDS_DAYS[0];
}

async function createNotifications(
  kind: NotificationKind,
  tokens: readonly TokenToNotify[],
): Promise<number> {
  if (tokens.length === 0) return 0;
  const organizationIds = [...new Set(tokens.map((token) => token.organizationId))];
  const members = await db.membership.findMany({
    where: { organizationId: { in: organizationIds }, role: { in: NOTIFIED_ROLES } },
    select: { organizationId: true, userId: true },
  });
  // Emailed later by the notification-emails job; never when email is off.
  const emailPending = mailDelivery(config()) !== "off";
  const rows = tokens.flatMap((token) =>
    members
      .filter((member) => member.organizationId === token.organizationId)
      .map((member) => ({
        userId: member.userId,
        tokenId: token.id,
        kind,
        thresholdDays: token.thresholdDays,
        emailPending,
      })),
  );
  if (rows.length === 0) return 0;
  const { count } = await db.notification.createMany({ data: rows, skipDuplicates: true });
  return count;
}
