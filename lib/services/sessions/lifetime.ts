// How long a session lasts and how it is kept fresh. Plain constants, shared by next-auth's
// options (the cookie's lifetime) and the session records.

/** A session lasts a week from its last use (next-auth's JWT maxAge is the same). */
export const SESSION_LIFETIME_SECONDS = 7 * 24 * 60 * 60;

/** last_active_at moves on at most this often, so a busy session writes once a minute. */
export const SESSION_ACTIVITY_INTERVAL_MS = 60_000;

/** Sudo mode: sensitive actions need a confirmation (or sign-in) no older than this. */
export const SUDO_WINDOW_MS = 15 * 60 * 1000;

/** Rows last active before this instant belong to expired sessions. */
export function sessionActiveSince(now: Date): Date {
  return new Date(now.getTime() - SESSION_LIFETIME_SECONDS * 1000);
}
