// A request with more than one Authorization header is refused (lib/api/bearer.ts): Node's
// http module keeps only the first in `req.headers` and Next builds the route's Request from
// those, so the app would read the first credential while a proxy or WAF in front of it may
// read the last one. Only the raw header list shows the repetition, and only server.mjs sees
// it: it calls markRepeatedAuthorization on every request, and the app reads the mark. A
// plain module shared by server.mjs and the app, so the header's name is written once.

/** Set by server.mjs when the request carried more than one Authorization header. */
export const REPEATED_AUTHORIZATION_HEADER = "x-mailshield-repeated-authorization";

/**
 * Marks `req` when its raw headers hold more than one Authorization header, after discarding
 * any copy of the mark the client sent (a client must not be able to set or clear it). Both
 * the parsed headers and the raw list are rewritten, as parts of Next read one or the other.
 * @param {import("node:http").IncomingMessage} req
 */
export function markRepeatedAuthorization(req) {
  const raw = req.rawHeaders;
  let authorizations = 0;
  for (let i = raw.length - 2; i >= 0; i -= 2) {
    const name = raw[i]?.toLowerCase();
    if (name === REPEATED_AUTHORIZATION_HEADER) raw.splice(i, 2);
    else if (name === "authorization") authorizations += 1;
  }
  delete req.headers[REPEATED_AUTHORIZATION_HEADER];
  if (authorizations > 1) {
    req.headers[REPEATED_AUTHORIZATION_HEADER] = String(authorizations);
    raw.push(REPEATED_AUTHORIZATION_HEADER, String(authorizations));
  }
}
