import "server-only";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAccountEvent } from "@/lib/services/audit/record-audit-event";
import { type DashboardSessionRow, readDashboardSession } from "@/lib/sql";
import { isUuid } from "@/lib/validations/uuid";
import { describeDevice } from "./device";
import { SESSION_ACTIVITY_INTERVAL_MS, sessionActiveSince } from "./lifetime";

// Sessions are rows (user_sessions); the session JWT names one. Starting a session makes
// the row, every request reads it (readLiveSession: the one round trip of a signed-in
// request), and ending a session deletes it, so that browser is refused at its next
// request. bumpSessionVersion (users/session-version.ts) ends them all.

/** Longest user agent kept: enough to tell browsers apart, bounded for a hostile header. */
const MAX_USER_AGENT_LENGTH = 512;

export interface StartSessionRequest {
  userId: string;
  ip: string | null;
  userAgent: string | null;
}

/**
 * Records a new session for a person who has just signed in (by any means): signing in is
 * a confirmation, so it starts in sudo mode. The person's expired rows are pruned here.
 */
export async function startSession(request: StartSessionRequest): Promise<{ sessionId: string }> {
  const now = clock.now();
  return db.$transaction(async (tx) => {
    await tx.userSession.deleteMany({
      where: { userId: request.userId, lastActiveAt: { lt: sessionActiveSince(now) } },
    });
    const { id } = await tx.userSession.create({
      data: {
        userId: request.userId,
        createdAt: now,
        lastActiveAt: now,
        confirmedAt: now,
        ip: request.ip,
        userAgent: request.userAgent?.slice(0, MAX_USER_AGENT_LENGTH) || null,
      },
      select: { id: true },
    });
    return { sessionId: id };
  });
}

export interface SessionClaim {
  sessionId: string;
  userId: string;
  sessionVersion: number;
}

/**
 * The user and memberships behind a session JWT's claim when the session is live, else
 * null; moves last_active_at on once a minute. One database round trip.
 */
export function readLiveSession(claim: SessionClaim): Promise<DashboardSessionRow | null> {
  const now = clock.now();
  return readDashboardSession({
    ...claim,
    now,
    activeSince: sessionActiveSince(now),
    touchBefore: new Date(now.getTime() - SESSION_ACTIVITY_INTERVAL_MS),
  });
}

export interface SessionListItem {
  id: string;
  browser: string;
  os: string;
  ip: string | null;
  signedInAt: Date;
  lastActiveAt: Date;
  /** The session this list was asked for from. */
  current: boolean;
}

/** The person's live sessions, the current one first, then the most recently active. */
export async function listSessions(
  userId: string,
  currentSessionId: string,
): Promise<SessionListItem[]> {
  const rows = await db.userSession.findMany({
    where: { userId, lastActiveAt: { gte: sessionActiveSince(clock.now()) } },
    orderBy: [{ lastActiveAt: "desc" }, { id: "asc" }],
    select: { id: true, ip: true, userAgent: true, createdAt: true, lastActiveAt: true },
  });
  const items = rows.map((row) => ({
    id: row.id,
    ...describeDevice(row.userAgent),
    ip: row.ip,
    signedInAt: row.createdAt,
    lastActiveAt: row.lastActiveAt,
    current: row.id === currentSessionId,
  }));
  return [...items.filter((item) => item.current), ...items.filter((item) => !item.current)];
}

/**
 * The person signs out of this session (the header's Sign out, next-auth's own sign-out
 * endpoint): its row goes, and the JWT with it. Not audited, as signing in and out of one's
 * own browser never was; ending another session is (endSession).
 */
export async function signOutSession(userId: string, sessionId: string): Promise<void> {
  if (!isUuid(sessionId) || !isUuid(userId)) return;
  await db.userSession.deleteMany({ where: { id: sessionId, userId } });
}

/** Who asks, for the audit event, and from which session (never ended by endSession). */
export interface EndSessionOptions {
  ip?: string | null;
  currentSessionId?: string;
}

/**
 * Signs out one of the person's sessions: its browser is refused at its next request.
 * Another person's session, or one already ended, is "not found" alike. The session asking
 * is refused: signing out here is signOutAction's.
 */
export async function endSession(
  userId: string,
  sessionId: string,
  options: EndSessionOptions = {},
): Promise<void> {
  if (sessionId === options.currentSessionId) {
    throw new AppError("bad_request", "Use Sign out to end the session you are using.");
  }
  const ended = () => new AppError("not_found", "That session has already ended.");
  // A hand-made id that is no uuid names no session; PostgreSQL would refuse the cast.
  if (!isUuid(sessionId)) throw ended();
  await db.$transaction(async (tx) => {
    const { count } = await tx.userSession.deleteMany({ where: { id: sessionId, userId } });
    if (count === 0) throw ended();
    await recordAccountEvent(tx, {
      userId,
      action: "user.session_signed_out",
      ip: options.ip ?? null,
    });
  });
}

/** Signs out every session of the person but `currentSessionId`; answers how many ended. */
export async function endOtherSessions(
  userId: string,
  currentSessionId: string,
  options: Pick<EndSessionOptions, "ip"> = {},
): Promise<{ ended: number }> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.userSession.deleteMany({
      where: { userId, id: { not: currentSessionId } },
    });
    if (count > 0) {
      await recordAccountEvent(tx, {
        userId,
        action: "user.other_sessions_signed_out",
        ip: options.ip ?? null,
        metadata: { sessions: count },
      });
    }
    return { ended: count };
  });
}
