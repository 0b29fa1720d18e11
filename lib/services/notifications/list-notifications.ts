import "server-only";
import type { UserPrincipal } from "@/lib/auth/principal";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { authorize } from "@/lib/services/authorize";
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

/** The member the notifications belong to, acting on their own (reads record no IP). */
function asMember(userId: string): UserPrincipal {
  return { kind: "user", userId, ip: null };
}

function scope(params: { organizationId: string; userId: string }) {
  return { userId: params.userId, token: { organizationId: params.organizationId } };
}

/**
 * The member's notifications about the organization's tokens, newest first. Authorized as
 * the member (tokens:read): someone who no longer belongs sees none of its tokens' names.
 */
export async function listNotifications(params: {
  organizationId: string;
  userId: string;
}): Promise<NotificationList> {
  const where = scope(params);
  const [rows, unread] = await db.$transaction(async (tx) => {
    await authorize(tx, asMember(params.userId), params.organizationId, "tokens:read");
    const found = await tx.notification.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: NOTIFICATION_LIST_LIMIT,
      select: {
        id: true,
        kind: true,
        thresholdDays: true,
        readAt: true,
        createdAt: true,
        token: { select: { id: true, name: true } },
      },
    });
    return [found, await tx.notification.count({ where: { ...where, readAt: null } })] as const;
  });
  const items = rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    title: notificationTitle({
      kind: row.kind,
      thresholdDays: row.thresholdDays,
      tokenName: row.token.name,
    }),
    tokenId: row.token.id,
    createdAt: row.createdAt,
    read: row.readAt !== null,
  }));
  return { items, unread };
}

/** Marks one notification (`id`) or all of them read for the member; read ones stay read. */
export async function markNotificationsRead(params: {
  organizationId: string;
  userId: string;
  id?: string;
}): Promise<number> {
  const { count } = await db.$transaction(async (tx) => {
    await authorize(tx, asMember(params.userId), params.organizationId, "tokens:read");
    return tx.notification.updateMany({
      where: { ...scope(params), readAt: null, ...(params.id && { id: params.id }) },
      data: { readAt: clock.now() },
    });
  });
  return count;
}
