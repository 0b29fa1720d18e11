import "server-only";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { enqueueWebhookEvents } from "@/lib/services/webhook-outbox/enqueue";

// Token events no request causes, found by a job (token-lifecycle-webhooks, every 5
// minutes): a token reached its expiry, a rotated token stopped working, a token was
// refused many times within 5 minutes. Each event has a fixed dedupe key, so a job that
// finds the same token again (the look-back overlaps the interval, or two instances run)
// queues nothing new.

/** How far back a run looks: several intervals, so a missed run loses nothing. */
const LOOK_BACK_MS = 2 * 24 * 60 * 60 * 1000;
export const DENIED_SPIKE_WINDOW_MS = 5 * 60_000;
/** Refusals of one token within the window that make a spike. */
export const DENIED_SPIKE_THRESHOLD = 50;

export async function emitTokenLifecycleWebhooks(
  now = clock.now(),
): Promise<{ expired: number; rotationCompleted: number; deniedSpikes: number }> {
  const since = new Date(now.getTime() - LOOK_BACK_MS);
  // Only organizations with an endpoint listening are looked at: no work for the others.
  const expiredOrgs = await listeningOrganizations("token.expired");
  const rotationOrgs = await listeningOrganizations("token.rotation_completed");
  const expired = await db.apiToken.findMany({
    where: {
      organizationId: { in: expiredOrgs },
      revokedAt: null,
      rotatedAt: null,
      expiresAt: { gt: since, lte: now },
    },
    select: { id: true, organizationId: true, name: true, expiresAt: true },
  });
  let expiredCount = 0;
  for (const token of expired) {
    expiredCount += await enqueueWebhookEvents(db, token.organizationId, [
      {
        type: "token.expired",
        dedupeKey: `token.expired:${token.id}`,
        data: {
          tokenId: token.id,
          organizationId: token.organizationId,
          name: token.name,
          expiredAt: token.expiresAt?.toISOString() ?? null,
        },
      },
    ]);
  }

  const ended = await db.apiToken.findMany({
    where: {
      organizationId: { in: rotationOrgs },
      rotatedAt: { not: null },
      rotationEndsAt: { gt: since, lte: now },
    },
    select: {
      id: true,
      organizationId: true,
      name: true,
      rotatedAt: true,
      rotationEndsAt: true,
      successor: { select: { id: true, expiresPredecessorOnFirstUse: true } },
    },
  });
  let rotationCount = 0;
  for (const token of ended) {
    rotationCount += await enqueueWebhookEvents(db, token.organizationId, [
      {
        type: "token.rotation_completed",
        dedupeKey: `token.rotation_completed:${token.id}`,
        data: {
          tokenId: token.id,
          organizationId: token.organizationId,
          name: token.name,
          successorId: token.successor?.id ?? null,
          rotatedAt: token.rotatedAt?.toISOString() ?? null,
          endedAt: token.rotationEndsAt?.toISOString() ?? null,
          // Ended by the successor's first request when it was rotated that way.
          endedBy: token.successor?.expiresPredecessorOnFirstUse
            ? "successor_first_use"
            : "grace_period",
        },
      },
    ]);
  }

  return {
    expired: expiredCount,
    rotationCompleted: rotationCount,
    deniedSpikes: await emitDeniedSpikes(now),
  };
}

/**
 * Only organizations with an endpoint listening for token.denied_spike are counted, each
 * through the request log's (organization, time) index: never a scan of the whole log.
 */
async function listeningOrganizations(type: string): Promise<string[]> {
  const rows = await db.webhookEndpoint.findMany({
    where: { enabled: true, eventTypes: { has: type } },
    select: { organizationId: true },
    distinct: ["organizationId"],
  });
  return rows.map((row) => row.organizationId);
}

async function emitDeniedSpikes(now: Date): Promise<number> {
  const listening = (await listeningOrganizations("token.denied_spike")).map((organizationId) => ({
    organizationId,
  }));
  const windowStart = new Date(now.getTime() - DENIED_SPIKE_WINDOW_MS);
  // One event per token and 5-minute window.
  const bucket = Math.floor(now.getTime() / DENIED_SPIKE_WINDOW_MS);
  let count = 0;
  for (const { organizationId } of listening) {
    const groups = await db.apiRequestLog.groupBy({
      by: ["tokenId"],
      where: {
        organizationId,
        createdAt: { gt: windowStart, lte: now },
        refusalReason: { not: null },
      },
      _count: { _all: true },
    });
    const spikes = groups.filter((group) => group._count._all >= DENIED_SPIKE_THRESHOLD);
    count += await enqueueWebhookEvents(
      db,
      organizationId,
      spikes.map((group) => ({
        type: "token.denied_spike" as const,
        dedupeKey: `token.denied_spike:${group.tokenId}:${bucket}`,
        data: {
          tokenId: group.tokenId,
          organizationId,
          refusals: group._count._all,
          threshold: DENIED_SPIKE_THRESHOLD,
          windowStart: windowStart.toISOString(),
          windowEnd: now.toISOString(),
        },
      })),
    );
  }
  return count;
}
