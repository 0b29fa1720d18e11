// Server actions are POSTs to a page that a browser sends with the session cookie, so they
// need a CSRF check. Next makes one (the Origin's host must equal X-Forwarded-Host, else
// Host), but lets a request without Origin through, answers a mismatch or an unreadable
// Origin with a 500, and logs it as a server error. server.mjs asks this module first and
// answers 403 itself, so Next only ever sees action requests its own check accepts.
//
// The rule is Next's, made stricter: an Origin is required, must be a URL (not "null",
// which sandboxed frames and cross-origin redirect chains send) and its host must equal
// the host the request was sent to: the first X-Forwarded-Host when present (server.mjs has
// already dropped it unless a proxy is trusted, see forwarded-headers.mjs), else Host.

/**
 * A request Next may treat as a server action: a POST with the Next-Action header (a call
 * from client JavaScript) or a multipart form POST to a page (a form submitted before
 * JavaScript loaded). Route handlers under /api never run actions.
 * @param {{ method?: string; url?: string; headers: Record<string, string | string[] | undefined> }} req
 */
export function isPossibleServerAction(req) {
  if (req.method !== "POST" || isApiPath(req.url ?? "/")) return false;
  const contentType = headerValue(req.headers["content-type"]) ?? "";
  return req.headers["next-action"] !== undefined || contentType.startsWith("multipart/form-data");
}

/**
 * Why a server-action request must be refused (a sentence for the caller), or null when
 * its Origin matches the host it was sent to.
 * @param {Record<string, string | string[] | undefined>} headers
 * @returns {string | null}
 */
export function crossOriginActionRefusal(headers) {
  const origin = headerValue(headers.origin);
  if (origin === undefined) return "A server action needs an Origin header.";
  const originHost = hostOfOrigin(origin);
  if (originHost === null) return "The Origin header is not a web origin.";
  const forwardedHost = headerValue(headers["x-forwarded-host"])?.split(",")[0]?.trim();
  const host = forwardedHost || headerValue(headers.host);
  if (originHost !== host) return "Server actions only accept requests from this site.";
  return null;
}

/** @param {string} origin */
function hostOfOrigin(origin) {
  if (origin === "null") return null;
  try {
    const url = new URL(origin);
    return url.protocol === "http:" || url.protocol === "https:" ? url.host : null;
  } catch {
    return null;
  }
}

/** @param {string | string[] | undefined} value */
function headerValue(value) {
  return Array.isArray(value) ? value[0] : value;
}

/** @param {string} url */
function isApiPath(url) {
  const pathname = url.split("?")[0] ?? "/";
  return pathname === "/api" || pathname.startsWith("/api/");
}
