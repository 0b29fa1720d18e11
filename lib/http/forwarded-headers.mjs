// Headers a reverse proxy writes about the original request (X-Forwarded-Host, -Proto,
// -Port, -For, and the standard Forwarded). Next, next-auth and the app read them to learn
// the public host and scheme (server-action CSRF check, cookie names, links), so a client
// talking to the app directly could otherwise choose them. server.mjs calls this on every
// request, before Next sees it: with no trusted proxy in front (TRUST_PROXY_HOPS=0) they
// are dropped; Next then fills in X-Forwarded-Host/-Proto/-Port from the real connection.

const FORWARDED_HEADER = /^(x-forwarded-|forwarded$)/i;

/**
 * Removes every forwarding header from the request unless `trustedProxyHops` > 0. Both the
 * parsed headers and the raw list are rewritten, because parts of Next read one or the other.
 * @param {{ headers: Record<string, string | string[] | undefined>; rawHeaders: string[] }} req
 * @param {number} trustedProxyHops
 */
export function dropUntrustedForwardedHeaders(req, trustedProxyHops) {
  if (trustedProxyHops > 0) return;
  for (const name of Object.keys(req.headers)) {
    if (FORWARDED_HEADER.test(name)) delete req.headers[name];
  }
  const raw = req.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) {
    if (FORWARDED_HEADER.test(raw[i] ?? "")) raw.splice(i, 2);
  }
}
