import "server-only";

// Recognizes "the database is unavailable" among the many shapes such failures take on
// their way through pg, the Prisma driver adapter and the Prisma client, so callers (the
// API answers 503, the log writer retries its batch) can tell "retry later" from "our bug".

/** Prisma error codes that mean the database could not be reached or timed out. */
const PRISMA_UNAVAILABLE_CODES = new Set([
  "P1001", // can't reach database server
  "P1002", // database server timed out
  "P1008", // operation timed out
  "P1017", // server closed the connection
  "P2024", // timed out fetching a connection from the pool
  "P2028", // transaction could not start (or expired) in time: the pool is saturated
  "P2037", // too many database connections
]);

/** Socket errors and PostgreSQL SQLSTATEs for a server that is down, starting or stopping. */
const DRIVER_UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
]);

/** Driver-adapter error kinds for the same conditions. */
const ADAPTER_UNAVAILABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);

const UNAVAILABLE_MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /connection terminated/i,
  /can't reach database server/i,
  /server closed the connection/i,
  /connection (?:refused|reset)/i,
  /Client has encountered a connection error/i,
];

export function isDatabaseUnavailableError(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  // Walk the cause chain: Prisma wraps the adapter's error, which wraps pg's.
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    if (matches(current as Record<string, unknown>)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function matches(error: Record<string, unknown>): boolean {
  const code = typeof error.code === "string" ? error.code : undefined;
  if (code && (PRISMA_UNAVAILABLE_CODES.has(code) || DRIVER_UNAVAILABLE_CODES.has(code))) {
    return true;
  }
  const kind = typeof error.kind === "string" ? error.kind : undefined;
  if (kind && ADAPTER_UNAVAILABLE_KINDS.has(kind)) return true;
  if (error.name === "PrismaClientInitializationError") return true;
  const message = typeof error.message === "string" ? error.message : "";
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}
