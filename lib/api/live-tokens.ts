import "server-only";
import { LiveTokenSet, tokenHashPrefix } from "@/lib/api/live-token-set";
import { clock } from "@/lib/clock";

/** Where the set of live tokens comes from: the database in production, fakes in tests. */
export interface LiveTokenSource {
  /** The hash prefixes of every token live at `now`, ascending. */
  load(now: Date): Promise<BigUint64Array>;
  /**
   * Subscribes to new tokens from every instance (prefix as 16 hex characters); `onLost`
   * at most once, when the subscription dies. Null where no listener can be held.
   */
  listen:
    | ((handlers: {
        onToken(prefixHex: string): void;
        onLost(error: unknown): void;
      }) => Promise<{ close(): Promise<void> }>)
    | null;
  /** New tokens created in this process (full hashes); used when `listen` is null. */
  onLocalToken(listener: (tokenHash: string) => void): () => void;
}

export interface LiveTokensOptions {
  source: LiveTokenSource;
  now?: () => Date;
  /** How often the set is rebuilt from the table, dropping what died since. */
  rebuildIntervalMs: number;
  /** First wait before retrying a lost listener or a failed build; doubled up to 30 s. */
  retryDelayMs: number;
  /** Tokens added since the build beyond which it is rebuilt early. */
  maxAddedBeforeRebuild: number;
  onError?: (error: unknown, what: string) => void;
}

const MAX_RETRY_DELAY_MS = 30_000;

/**
 * Keeps this instance's LiveTokenSet current: built at start, then kept up to date by the
 * new-token announcements, and rebuilt periodically (which drops revoked, expired and
 * deleted tokens) and after the listener's connection was lost and won back. Until the
 * first build succeeds the set says no to everything: callers fall back to what they did
 * without it.
 */
export class LiveTokens {
  readonly set = new LiveTokenSet();
  private readonly now: () => Date;
  private started = false;
  private stopped = false;
  private subscription: { close(): Promise<void> } | null = null;
  private stopLocal: (() => void) | null = null;
  private rebuilding: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private retryDelayMs: number;
  private readonly builtOnce: Promise<void>;
  private resolveBuilt!: () => void;
  private waiters: Array<{ prefix: bigint; resolve: () => void }> = [];

  constructor(private readonly options: LiveTokensOptions) {
    this.now = options.now ?? clock.now;
    this.retryDelayMs = options.retryDelayMs;
    this.builtOnce = new Promise((resolve) => {
      this.resolveBuilt = resolve;
    });
  }

  /** Starts listening and building, in the background (idempotent). */
  start(): this {
    if (this.started) return this;
    this.started = true;
    const { source } = this.options;
    if (source.listen) {
      void this.subscribe();
    } else {
      this.stopLocal = source.onLocalToken((hash) => {
        const prefix = tokenHashPrefix(hash);
        if (prefix !== null) this.noteNew(prefix);
      });
      void this.rebuild();
    }
    return this;
  }

  /** Resolves once the set was built the first time. */
  ready(): Promise<void> {
    return this.builtOnce;
  }

  mayBeLive(tokenHash: string): boolean {
    return this.set.mayBeLive(tokenHash);
  }

  refute(tokenHash: string): void {
    this.set.refute(tokenHash);
  }

  /** Resolves when the set holds `tokenHash` (at once if it does): for tests and tools. */
  whenKnown(tokenHash: string): Promise<void> {
    const prefix = tokenHashPrefix(tokenHash);
    if (prefix === null || this.set.mayBeLive(tokenHash)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ prefix, resolve }));
  }

  /** Reads the table again; concurrent calls share one read. */
  rebuild(): Promise<void> {
    this.rebuilding ??= this.build();
    return this.rebuilding;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.stopLocal?.();
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.close();
    await this.rebuilding?.catch(() => {});
  }

  private async build(): Promise<void> {
    if (this.stopped) return;
    this.set.beginRebuild();
    let prefixes: BigUint64Array;
    try {
      prefixes = await this.options.source.load(this.now());
    } catch (error) {
      this.rebuilding = null;
      this.set.abandonRebuild();
      this.options.onError?.(error, "live-token set build failed");
      this.schedule(this.nextRetryDelay());
      return;
    }
    // Done reading: a rebuild asked for from here on reads again.
    this.rebuilding = null;
    this.set.replace(prefixes);
    this.retryDelayMs = this.options.retryDelayMs;
    this.resolveBuilt();
    this.settleWaiters();
    this.schedule(this.options.rebuildIntervalMs);
  }

  private async subscribe(): Promise<void> {
    const { listen } = this.options.source;
    if (this.stopped || !listen) return;
    let subscription: { close(): Promise<void> } | null = null;
    try {
      subscription = await listen({
        onToken: (prefixHex) => {
          const prefix = tokenHashPrefix(prefixHex);
          if (prefix !== null) this.noteNew(prefix);
        },
        onLost: (error) => {
          if (this.subscription !== subscription) return;
          this.subscription = null;
          this.options.onError?.(error, "new-token listener lost; reconnecting");
          this.retry(() => this.subscribe());
        },
      });
    } catch (error) {
      this.options.onError?.(error, "new-token listener did not connect; retrying");
      this.retry(() => this.subscribe());
      return;
    }
    if (this.stopped) {
      await subscription.close();
      return;
    }
    this.subscription = subscription;
    this.retryDelayMs = this.options.retryDelayMs;
    // Built after listening, so that no token created in between is missed; after a lost
    // connection, also to pick up what was announced while nobody listened.
    await this.rebuild();
  }

  private noteNew(prefix: bigint): void {
    this.set.add(prefix);
    this.settleWaiters();
    if (this.set.size.added > this.options.maxAddedBeforeRebuild) void this.rebuild();
  }

  private settleWaiters(): void {
    if (this.waiters.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => {
      if (!this.set.hasPrefix(waiter.prefix)) return true;
      waiter.resolve();
      return false;
    });
  }

  private retry(action: () => Promise<void>): void {
    if (this.stopped) return;
    const timer = setTimeout(() => void action(), this.nextRetryDelay());
    timer.unref();
  }

  private nextRetryDelay(): number {
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, MAX_RETRY_DELAY_MS);
    return delay;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.rebuild(), delayMs);
    this.timer.unref();
  }
}
