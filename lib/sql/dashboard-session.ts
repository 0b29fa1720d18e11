import "server-only";
import { dbPool } from "@/lib/db";
import type { Plan, Role } from "@/lib/generated/prisma/enums";
import { preparedQuery } from "./request-path/prepared";

// Every signed-in page, action, export and next-auth endpoint reads the session this way.
// Through Prisma the same read took three round trips (the user, the memberships, their
// organizations: measured in lib/session/session.test.ts's round-trip test); here it is
// one statement, which also checks the session's row (user_sessions) and moves its
// last_active_at on when it is more than a minute old. The data-modifying CTE runs whether
// or not the outer query reads it, and touches nothing for a session read within the
// minute, so a busy session writes at most once a minute.

const SQL = `
  WITH s AS (
    SELECT id, user_id, confirmed_at
      FROM user_sessions
     WHERE id = $1::uuid AND user_id = $2::uuid AND last_active_at > $5
  ), touched AS (
    UPDATE user_sessions SET last_active_at = $4
     WHERE id = (SELECT id FROM s) AND last_active_at < $6
    RETURNING id
  )
  SELECT u.id, u.email, u.name, u.email_verified_at AS "emailVerifiedAt",
         s.confirmed_at AS "confirmedAt",
         coalesce((
           SELECT json_agg(json_build_object('id', o.id, 'name', o.name, 'plan', o.plan,
                                             'role', m.role,
                                             'requireTwoFactor', o.require_two_factor)
                           ORDER BY m.created_at, m.id)
             FROM memberships m JOIN organizations o ON o.id = m.organization_id
            WHERE m.user_id = u.id
         ), '[]'::json) AS organizations
    FROM s JOIN users u ON u.id = s.user_id
   WHERE u.session_version = $3`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface DashboardSessionQuery {
  sessionId: string;
  userId: string;
  sessionVersion: number;
  now: Date;
  /** Sessions last active before this have expired. */
  activeSince: Date;
  /** last_active_at is moved to `now` when older than this. */
  touchBefore: Date;
}

export interface DashboardSessionRow {
  id: string;
  email: string;
  name: string | null;
  /** Null until the person opened the link emailed to verify the address. */
  emailVerifiedAt: Date | null;
  confirmedAt: Date;
  /** Oldest membership first. */
  organizations: { id: string; name: string; plan: Plan; role: Role; requireTwoFactor: boolean }[];
}

/**
 * The session's user and memberships when the session is live: its row exists, belongs to
 * the user, has been active within its lifetime, and the user's session version is the
 * token's. Null otherwise.
 */
export async function readDashboardSession(
  query: DashboardSessionQuery,
): Promise<DashboardSessionRow | null> {
  // Ids come from a JWT we signed; a malformed one would only make PostgreSQL refuse the cast.
  if (!UUID.test(query.sessionId) || !UUID.test(query.userId)) return null;
  const { rows } = await dbPool.query<DashboardSessionRow>(
    preparedQuery("dashboard-session", SQL, [
      query.sessionId,
      query.userId,
      query.sessionVersion,
      query.now,
      query.activeSince,
      query.touchBefore,
    ]),
  );
  return rows[0] ?? null;
}
