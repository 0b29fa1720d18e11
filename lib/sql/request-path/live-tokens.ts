import "server-only";
import pg from "pg";
import { config } from "@/lib/config";
import { dbPool } from "@/lib/db";

// What each instance's set of live tokens (lib/api/live-tokens.ts) reads from the database:
// the 8-byte hash prefixes of all live tokens at start and at each rebuild, and the
// announcements of new tokens (the trigger of migration 20261207151000) on a connection of
// its own.

/** The channel the api_tokens trigger announces new tokens on (payload: 16 hex characters). */
export const NEW_TOKENS_CHANNEL = "mailshield_new_api_tokens";

// One row holding every prefix as one bytea (8 bytes a token), aggregated by PostgreSQL,
// instead of a row per token (as Prisma reads). Measured at 1,000,000 live tokens
// (docs/performance.md, "A blocked IP keeps its valid tokens"): the same wall time (the scan
// dominates), but 54 MB held for a moment instead of 158 MB of row objects and strings, in a
// process serving requests. Live = what lib/api/bearer.ts accepts: not revoked, not
// expired, rotated ones until their grace period ends.
const LIVE_TOKEN_PREFIXES = `
  SELECT string_agg(decode(left(token_hash, 16), 'hex'), ''::bytea) AS prefixes
    FROM api_tokens
   WHERE revoked_at IS NULL
     AND (expires_at IS NULL OR expires_at > $1)
     AND (rotation_ends_at IS NULL OR rotation_ends_at > $1)`;

/** Something that runs a query: the shared pool, or one client (the bench's transaction). */
export interface Queryable {
  query<Row extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<Row>>;
}

/** The hash prefixes of every token live at `now`, in ascending order. */
export async function loadLiveTokenPrefixes(
  now: Date,
  database: Queryable = dbPool,
): Promise<BigUint64Array> {
  const { rows } = await database.query<{ prefixes: Buffer | null }>({
    text: LIVE_TOKEN_PREFIXES,
    values: [now],
  });
  const bytes = rows[0]?.prefixes ?? Buffer.alloc(0);
  const prefixes = new BigUint64Array(bytes.length / 8);
  for (let i = 0; i < prefixes.length; i += 1) prefixes[i] = bytes.readBigUInt64BE(i * 8);
  return prefixes.sort();
}

export interface NewTokenHandlers {
  /** A token was inserted (committed): its hash's first 16 hex characters. */
  onToken(prefixHex: string): void;
  /** The connection is gone; announcements may have been missed since. */
  onLost(error: unknown): void;
}

export interface NewTokenSubscription {
  close(): Promise<void>;
}

/**
 * Listens for new tokens on a dedicated connection (LISTEN holds a session, so not the
 * pool's). Once listening, `onLost` is called once, at most, when the connection fails or
 * ends.
 */
export async function listenForNewTokens(
  handlers: NewTokenHandlers,
): Promise<NewTokenSubscription> {
  const client = new pg.Client({
    connectionString: config().DATABASE_URL,
    connectionTimeoutMillis: config().DATABASE_CONNECT_TIMEOUT_MS,
    // A peer that vanished without closing is noticed by TCP keepalive, not by silence.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  // Failures before LISTEN succeeded are the caller's to handle (the promise rejects).
  let listening = false;
  let closing = false;
  let lost = false;
  const loseOnce = (error: unknown) => {
    if (!listening || closing || lost) return;
    lost = true;
    handlers.onLost(error);
    client.end().catch(() => {});
  };
  client.on("notification", (message) => {
    if (message.channel === NEW_TOKENS_CHANNEL && message.payload) {
      handlers.onToken(message.payload);
    }
  });
  client.on("error", loseOnce);
  client.on("end", () => loseOnce(new Error("the new-token listener's connection ended")));
  try {
    await client.connect();
    await client.query(`LISTEN ${NEW_TOKENS_CHANNEL}`);
    listening = true;
  } catch (error) {
    closing = true;
    await client.end().catch(() => {});
    throw error;
  }
  return {
    async close() {
      closing = true;
      await client.end().catch(() => {});
    },
  };
}
