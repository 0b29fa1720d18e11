import "server-only";

/** The first 8 bytes of a token's SHA-256 (its hex form's first 16 characters), as a number. */
export function tokenHashPrefix(tokenHash: string): bigint | null {
  const head = tokenHash.slice(0, 16);
  return /^[0-9a-f]{16}$/.test(head) ? BigInt(`0x${head}`) : null;
}

// Hashes whose lookup refuted their prefix's membership, remembered so that repeating them
// costs nothing; beyond this many the oldest is forgotten (and would cost one more lookup).
const MAX_REFUTED = 10_000;

/**
 * A compact, approximate set of the tokens that may authenticate: the 8-byte prefixes of
 * the SHA-256 hashes of every live token (not revoked, not expired, rotated ones while in
 * their grace period), so that a client IP blocked for failed authentications still gets
 * its valid tokens looked up, and nothing else.
 *
 * Membership is never trusted for the decision: it only earns the usual database lookup.
 * It may say yes wrongly, never no wrongly while kept current:
 * - a guess whose prefix equals a live token's (odds about n / 2^64 per guess: 5 × 10^-14
 *   at a million tokens) costs one lookup, which fails; the hash is then refuted and
 *   costs nothing more;
 * - a token revoked, expired or deleted since the last build stays in it until the next
 *   build; its first request costs one lookup, which fails and refutes it.
 *
 * The bulk is one sorted BigUint64Array (8 bytes a token: 8 MB at a million, searched in
 * ≤ 20 steps); tokens created since the build are added to a small Set.
 */
export class LiveTokenSet {
  private sorted: BigUint64Array | null = null;
  private added = new Set<bigint>();
  /** Additions received while a rebuild is reading the table, kept past its swap. */
  private addedDuringRebuild: Set<bigint> | null = null;
  private readonly refuted = new Set<string>();

  /** False until the first build: callers fall back to what they did without the set. */
  get built(): boolean {
    return this.sorted !== null;
  }

  /** Whether `tokenHash` may belong to a live token (see the class comment). */
  mayBeLive(tokenHash: string): boolean {
    const prefix = tokenHashPrefix(tokenHash);
    if (prefix === null || this.refuted.has(tokenHash)) return false;
    return this.hasPrefix(prefix);
  }

  /** Whether a live token's hash starts with `prefix` (as far as this set knows). */
  hasPrefix(prefix: bigint): boolean {
    return this.added.has(prefix) || (this.sorted !== null && contains(this.sorted, prefix));
  }

  /** A token created since the build (from a notification or this process). */
  add(prefix: bigint): void {
    this.added.add(prefix);
    this.addedDuringRebuild?.add(prefix);
  }

  /**
   * `tokenHash` earned a lookup here and failed to authenticate (unknown, revoked, expired):
   * it costs no lookup again until the next build. Hashes not in the set are ignored, so
   * the flood of unknown guesses cannot crowd out these entries.
   */
  refute(tokenHash: string): void {
    if (!this.mayBeLive(tokenHash)) return;
    if (this.refuted.size >= MAX_REFUTED) {
      const oldest = this.refuted.values().next().value;
      if (oldest !== undefined) this.refuted.delete(oldest);
    }
    this.refuted.add(tokenHash);
  }

  /** Marks the start of a rebuild: additions from now on survive the swap. */
  beginRebuild(): void {
    this.addedDuringRebuild = new Set();
  }

  /**
   * Swaps in a new build (`sorted`: every live token's prefix, ascending, read after
   * beginRebuild). Additions from before the read are in it; the later ones are kept.
   */
  replace(sorted: BigUint64Array): void {
    this.sorted = sorted;
    this.added = this.addedDuringRebuild ?? new Set();
    this.addedDuringRebuild = null;
    this.refuted.clear();
  }

  /** A rebuild that failed: what it collected stays in `added`, which it never left. */
  abandonRebuild(): void {
    this.addedDuringRebuild = null;
  }

  /** Tokens in the build, and added since. */
  get size(): { built: number; added: number } {
    return { built: this.sorted?.length ?? 0, added: this.added.size };
  }
}

function contains(sorted: BigUint64Array, value: bigint): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const probe = sorted[middle] as bigint;
    if (probe === value) return true;
    if (probe < value) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}
