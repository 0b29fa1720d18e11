import type { TokenInsight } from "./insight-rules";

// Which tokens the "Tokens that need attention" notice lists, and remembering that a user
// dismissed it. Client-safe: the notice and the tokens page share these.
//
// A dismissal is remembered per user and per set of causes (a cause: this token looks
// unused, expires soon, or is being denied for this reason) in a cookie, so the page is
// rendered without the notice from the start. It stays dismissed while its causes are a
// subset of the dismissed ones (a cause that goes away does not bring it back) and comes
// back when a new cause appears.

export const DISMISSED_ATTENTION_COOKIE = "ms_dismissed_attention";
/** The cookie's path: only the tokens list reads it. */
export const DISMISSED_ATTENTION_PATH = "/settings/api-tokens";

export type AttentionRow = { token: { id: string; name: string }; insight: TokenInsight };
export type AttentionGroups = {
  unused: AttentionRow[];
  expiring: AttentionRow[];
  denied: AttentionRow[];
};

/** The listed tokens' insights that need attention; insights of unlisted tokens are ignored. */
export function tokensNeedingAttention(
  insights: Map<string, TokenInsight> | Record<string, TokenInsight>,
  tokens: Array<{ id: string; name: string }>,
): AttentionGroups {
  const byId = insights instanceof Map ? insights : new Map(Object.entries(insights));
  const rows = tokens.flatMap((token) => {
    const insight = byId.get(token.id);
    return insight ? [{ token, insight }] : [];
  });
  return {
    unused: rows.filter((row) => row.insight.unused),
    expiring: rows.filter((row) => row.insight.expiresInDays !== null),
    denied: rows.filter((row) => row.insight.deniedLast24h > 0),
  };
}

/** Short fingerprints of the causes, sorted: what a dismissal remembers. */
export function attentionCauses(groups: AttentionGroups): string[] {
  const causes = [
    ...groups.unused.map((row) => `unused:${row.token.id}`),
    ...groups.expiring.map((row) => `expiring:${row.token.id}`),
    // A new reason for denials is a new problem, more denials for the same one are not.
    ...groups.denied.map((row) => `denied:${row.token.id}:${row.insight.lastDeniedReason}`),
  ];
  return [...new Set(causes.map(fingerprint))].sort();
}

/** The cookie's value for a dismissal: whose it is and what it covered. */
export function dismissalCookieValue(userId: string, causes: readonly string[]): string {
  return `${userId}:${causes.join(".")}`;
}

/** Whether this user dismissed a notice covering every one of these causes. */
export function isAttentionDismissed(
  cookieValue: string | undefined,
  userId: string,
  causes: readonly string[],
): boolean {
  if (!cookieValue || causes.length === 0) return false;
  const separator = cookieValue.indexOf(":");
  if (cookieValue.slice(0, separator) !== userId) return false;
  const dismissed = new Set(cookieValue.slice(separator + 1).split("."));
  return causes.every((cause) => dismissed.has(cause));
}

/** FNV-1a (32 bits) in base 36: keeps the cookie small; a collision only hides a notice. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}
