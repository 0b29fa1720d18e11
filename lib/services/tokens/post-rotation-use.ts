import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db";
import { authorize } from "@/lib/services/authorize";

/** One client IP that presented a token after it was rotated. */
export interface PostRotationUse {
  ip: string;
  lastSeenAt: Date;
  /** Requests accepted during the grace period. */
  accepted: number;
  /** Requests refused, mostly after the grace period ended (token_rotated). */
  refused: number;
}

/** The most addresses listed; a token used from more is mostly a sign of its own. */
export const POST_ROTATION_IP_LIMIT = 20;

/**
 * The client IPs that used a rotated token since its rotation, most recently seen first:
 * what still has to move to the successor. Read from the request log rows marked
 * after_rotation, through the (token_id, created_at) index from the rotation on. For a
 * principal who may read the access log (logs:read).
 */
export async function getPostRotationUse(
  actor: Principal,
  organizationId: string,
  token: { id: string; rotatedAt: Date },
): Promise<PostRotationUse[]> {
  const groups = await db.$transaction(async (tx) => {
    await authorize(tx, actor, organizationId, "logs:read");
    return tx.apiRequestLog.groupBy({
      by: ["clientIp", "refusalReason"],
      where: {
        organizationId,
        tokenId: token.id,
        createdAt: { gte: token.rotatedAt },
        afterRotation: true,
      },
      _count: { _all: true },
      _max: { createdAt: true },
    });
  });
  const byIp = new Map<string, PostRotationUse>();
  for (const group of groups) {
    const use = byIp.get(group.clientIp) ?? {
      ip: group.clientIp,
      lastSeenAt: new Date(0),
      accepted: 0,
      refused: 0,
    };
    if (group.refusalReason === null) use.accepted += group._count._all;
    else use.refused += group._count._all;
    const seen = group._max.createdAt;
    if (seen && seen > use.lastSeenAt) use.lastSeenAt = seen;
    byIp.set(group.clientIp, use);
  }
  return [...byIp.values()]
    .sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime())
    .slice(0, POST_ROTATION_IP_LIMIT);
}
