import "server-only";
import type { ServiceContext, UserPrincipal } from "@/lib/auth/principal";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { authorize, authorizeRead } from "@/lib/services/authorize";
import { type NotificationKindName, notificationTitle } from "./text";

// The signed-in member's notifications in their current organization, for the header.

/** How many the header's list shows; older ones are not kept from the count. */
export const NOTIFICATION_LIST_LIMIT = 20;

export interface NotificationItem {
  id: string;
  kind: NotificationKindName;
  title: string;
  tokenId: string;
  createdAt: Date;
  read: boolean;
}

export interface NotificationList {
  items: NotificationItem[];
  unread: number;
}

/** A member's notifications: their own, about the organization's tokens. */
type MemberContext = ServiceContext<UserPrincipal>;

function scope({ principal, organizationId }: MemberContext) {
  return { userId: principal.userId, token: { organizationId } };
}

/**
 * The member's notifications about the organization's tokens, newest first. Authorized as
 * the member (tokens:read): someone who no longer belongs sees none of its tokens' names.
 */
export async function listNotifications(context: MemberContext): Promise<NotificationList> {
  await authorizeRead(context.principal, context.organizationId, "tokens:read");
  const where = scope(context);
  const [rows, unread] = await Promise.all([
    db.notification.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: NOTIFICATION_LIST_LIMIT,
      select: {
        id: true,
        kind: true,
        thresholdDays: true,
        readAt: true,
        createdAt: true,
        token: { select: { id: true, name: true, lastFour: true } },
      },
    }),
    db.notification.count({ where: { ...where, readAt: null } }),
  ]);
  const items = rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    title: notificationTitle({
      kind: row.kind,
      thresholdDays: row.thresholdDays,
      tokenName: row.token.name,
      tokenLastFour: row.token.lastFour,
    }),
    tokenId: row.token.id,
    createdAt: row.createdAt,
    read: row.readAt !== null,
  }));
  return { items, unread };
}

/** Marks one notification (`id`) or all of them read for the member; read ones stay read. */
export async function markNotificationsRead(
  context: MemberContext,
  input: { id?: string },
): Promise<number> {
  const { count } = await db.$transaction(async (tx) => {
    await authorize(tx, context.principal, context.organizationId, "tokens:read");
    return tx.notification.updateMany({
      where: { ...scope(context), readAt: null, ...(input.id && { id: input.id }) },
      data: { readAt: clock.now() },
    });
  });
  return count;
}
