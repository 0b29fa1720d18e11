export const DEFAULT_SIGNED_IN_PATH = "/settings/api-tokens";

// Stands in for the app's origin where only a path is acceptable (the sign-in page): no
// caller-supplied absolute URL can have it, so only root-relative paths pass there.
const PATH_ONLY_ORIGIN = "http://mailshield.invalid";

// Deeper percent-encoding than this is never produced by the app's own links.
const MAX_DECODING_ROUNDS = 3;

// Control characters, spaces and backslashes: URL parsers drop tabs and newlines and turn
// `\` into `/`, so each of them can turn a harmless-looking path into another host.
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
const UNSAFE_CHARACTERS = /[\u0000-\u0020\u007f-\u009f\\]/;

/**
 * Where to send the user after sign-in: the path of `value` when it stays on the app's
 * origin, else the default page. Every redirect to a caller-supplied target goes through
 * here (the sign-in page, the proxy's remembered page, next-auth's redirect callback).
 *
 * The target is resolved against `appOrigin` and accepted only if the result has that
 * origin. Then the path that comes out must itself stay on the origin wherever it lands:
 * dot segments normalize `/..//evil.example` to `//evil.example`, which a browser reads
 * as another host, and a server or proxy that percent-decodes `/%2f%2fevil.example` or
 * `/%5cevil.example` would do the same. So the path is checked again after each round of
 * percent-decoding and must neither leave the origin nor begin with `//`.
 *
 * `appOrigin` defaults to a placeholder that accepts root-relative paths only.
 */
export function safeCallbackPath(value: unknown, appOrigin: string = PATH_ONLY_ORIGIN): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  if (typeof candidate !== "string" || !candidate) return DEFAULT_SIGNED_IN_PATH;
  const path = sameOriginPath(candidate, appOrigin);
  if (!path) return DEFAULT_SIGNED_IN_PATH;
  // Sending a freshly signed-in user back to an auth page would be a dead end.
  const pathname = path.replace(/[?#].*$/, "");
  if (pathname === "/login" || pathname === "/signup") return DEFAULT_SIGNED_IN_PATH;
  return path;
}

function sameOriginPath(candidate: string, appOrigin: string): string | null {
  if (UNSAFE_CHARACTERS.test(candidate)) return null;
  // A root-relative path, or an absolute URL; a relative one ("settings/billing") would
  // depend on the page it is followed from.
  if (!candidate.startsWith("/") && !/^[a-z][a-z0-9+.-]*:/i.test(candidate)) return null;
  const origin = parseUrl(appOrigin)?.origin;
  const url = origin ? parseUrl(candidate, origin) : null;
  if (!url || url.origin !== origin) return null;
  if (!pathStaysOnOrigin(url.pathname, origin)) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

function pathStaysOnOrigin(pathname: string, origin: string): boolean {
  let current = pathname;
  for (let round = 0; round <= MAX_DECODING_ROUNDS; round += 1) {
    if (UNSAFE_CHARACTERS.test(current)) return false;
    const resolved = parseUrl(current, origin);
    if (!resolved || resolved.origin !== origin || resolved.pathname.startsWith("//")) {
      return false;
    }
    const decoded = decodeOnce(current);
    if (decoded === null) return false;
    if (decoded === current) return true;
    current = decoded;
  }
  return false;
}

function decodeOnce(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

function parseUrl(value: string, base?: string): URL | null {
  try {
    return new URL(value, base);
  } catch {
    return null;
  }
}
