import "server-only";
import { config } from "@/lib/config";

// Named prepared statements are parsed and planned once per connection instead of on
// every call. For the statements on the API's request path that was most of the database's
// work (each statement's file gives its figures: api-tokens.ts, domains.ts). They need a session
// per connection, so DATABASE_PREPARED_STATEMENTS=off turns them off where connections
// share one: the embedded database (set by the scripts that start it) and PgBouncer in
// transaction mode without prepared-statement support.
const namedStatementsEnabled = config().DATABASE_PREPARED_STATEMENTS === "on";

/**
 * A query for the shared pool that runs as the named prepared statement `name` when
 * named statements are enabled. Each name must always carry the same SQL text.
 */
export function preparedQuery(
  name: string,
  text: string,
  values: unknown[],
): { name?: string; text: string; values: unknown[] } {
  return namedStatementsEnabled ? { name, text, values } : { text, values };
}
