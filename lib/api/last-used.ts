import "server-only";
import { clock } from "@/lib/clock";
import { logger } from "@/lib/logger";
import { registerShutdownHook } from "@/lib/shutdown-hooks";
import { stampTokenLastUsed } from "@/lib/sql";

/** The dashboard's "last used" is precise to this interval. */
export const LAST_USED_INTERVAL_MS = 60_000;

/** Last write this process made per token, so a busy token is skipped without a query. */
const recentWrites = new Map<string, { at: number; ip: string | null }>();
const MAX_TRACKED_TOKENS = 10_000;
const pending = new Set<Promise<void>>();

export interface LastUsedState {
  id: string;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
}

function isFresh(at: number, ip: string | null, previousIp: string | null, now: number): boolean {
  return ip === previousIp && now - at < LAST_USED_INTERVAL_MS;
}

/**
 * Records that a token was just used from `ip`, at most once per token per minute (and
 * always when the IP changes), without delaying the response. The row values read during
 * authentication and a per-process memo skip most writes; the conditional UPDATE makes
 * concurrent instances agree, so a busy token never serializes requests on its row.
 */
export function touchLastUsed(token: LastUsedState, ip: string | null, now = clock.now()): void {
  const nowMs = now.getTime();
  const memo = recentWrites.get(token.id);
  if (memo && isFresh(memo.at, ip, memo.ip, nowMs)) return;
  if (token.lastUsedAt && isFresh(token.lastUsedAt.getTime(), ip, token.lastUsedIp, nowMs)) return;

  if (recentWrites.size >= MAX_TRACKED_TOKENS) recentWrites.clear();
  recentWrites.set(token.id, { at: nowMs, ip });

  const cutoff = new Date(nowMs - LAST_USED_INTERVAL_MS);
  const write = stampTokenLastUsed(token.id, now, ip, cutoff)
    .catch((error: unknown) => {
      // Losing one last-used update is harmless; forget the memo so the next request retries.
      recentWrites.delete(token.id);
      logger().warn({ tokenId: token.id, error }, "last-used update failed");
    })
    .finally(() => pending.delete(write));
  pending.add(write);
}

/** Waits for every last-used write started so far (tests and graceful shutdown). */
export async function flushLastUsedUpdates(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}

/** Forgets the per-process memo (tests that simulate another instance). */
export function resetLastUsedMemo(): void {
  recentWrites.clear();
}

registerShutdownHook("last-used-updates", flushLastUsedUpdates);
