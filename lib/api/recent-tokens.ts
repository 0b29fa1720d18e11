import "server-only";
import { clock } from "@/lib/clock";

export interface RecentlyValidTokensOptions {
  /** Most hashes remembered; beyond it the least recently confirmed one is forgotten. */
  maxEntries: number;
  /** How long a successful authentication is remembered. */
  ttlMs: number;
  now?: () => number;
}

/**
 * Hashes of tokens that authenticated successfully on this instance recently, so a client IP
 * blocked for failed authentications (a shared NAT, a CI runner pool with one broken job)
 * does not take its valid tokens down with it.
 *
 * Being remembered is never trusted for the decision: it only earns the request the usual
 * database lookup, which decides as always (so a revocation applies at the next request).
 * Unknown hashes from a blocked IP are still refused without any lookup, and a hash whose
 * lookup fails to authenticate is forgotten at once. Bounded and short-lived: only tokens
 * that worked can get in, and at most `maxEntries` of them for `ttlMs`.
 */
export class RecentlyValidTokens {
  // Map order is insertion order: re-inserting on refresh keeps the oldest entry first.
  private readonly expiresAt = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: RecentlyValidTokensOptions) {
    this.now = options.now ?? clock.ms;
  }

  /** Records a successful authentication (cheap: most calls only read the map). */
  remember(tokenHash: string): void {
    const now = this.now();
    const until = this.expiresAt.get(tokenHash);
    // A busy token is re-inserted once per half lifetime, not on every request.
    if (until !== undefined && until - now > this.options.ttlMs / 2) return;
    this.expiresAt.delete(tokenHash);
    this.expiresAt.set(tokenHash, now + this.options.ttlMs);
    if (this.expiresAt.size > this.options.maxEntries) {
      const oldest = this.expiresAt.keys().next().value;
      if (oldest !== undefined) this.expiresAt.delete(oldest);
    }
  }

  has(tokenHash: string): boolean {
    const until = this.expiresAt.get(tokenHash);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.expiresAt.delete(tokenHash);
    return false;
  }

  forget(tokenHash: string): void {
    this.expiresAt.delete(tokenHash);
  }

  get size(): number {
    return this.expiresAt.size;
  }
}
