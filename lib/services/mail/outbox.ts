import "server-only";
import { logger } from "@/lib/logger";
import { registerShutdownHook } from "@/lib/shutdown-hooks";
import { type DeliveryOutcome, deliverEmail, type OutgoingEmail } from "./deliver";

// Account emails (a verification link, a password-reset link, "your password was
// changed") leave through this in-process queue, not the request that asked for them: the
// forgot-password answer must take the same time whether or not an email goes out, and
// must not wait on an SMTP server. Not pg-boss: the job would keep the link, a secret
// worth as much as the password, in the database, where only its hash may be. A failed
// send is retried a few times; if every attempt fails the person asks again (Resend,
// Send reset link). Shutdown waits for the queue (server.mjs runs the hook).

export interface OutboxOptions {
  /** Waits before the second, third… attempt; the first is immediate. */
  retryDelaysMs?: readonly number[];
  deliver?: (email: OutgoingEmail) => Promise<DeliveryOutcome>;
}

const DEFAULT_RETRY_DELAYS_MS = [2_000, 10_000, 30_000];

export class Outbox {
  private readonly pending = new Set<Promise<void>>();
  private readonly retryDelaysMs: readonly number[];
  private readonly deliver: (email: OutgoingEmail) => Promise<DeliveryOutcome>;

  constructor(options: OutboxOptions = {}) {
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.deliver = options.deliver ?? deliverEmail;
  }

  /** Queues `email` and returns at once; `kind` names it in the log (never its text). */
  enqueue(email: OutgoingEmail, kind: string): void {
    const sending = this.send(email, kind).finally(() => this.pending.delete(sending));
    this.pending.add(sending);
  }

  /** Resolves when every queued email has been sent or given up on. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async send(email: OutgoingEmail, kind: string): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.deliver(email);
        return;
      } catch (error) {
        const delay = this.retryDelaysMs[attempt];
        const reason = error instanceof Error ? error.message : String(error);
        if (delay === undefined) {
          logger().error({ kind, attempts: attempt + 1, error: reason }, "email not sent");
          return;
        }
        logger().warn({ kind, attempt: attempt + 1, error: reason }, "email send failed; retrying");
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}

const globalForOutbox = globalThis as typeof globalThis & { __mailshieldOutbox?: Outbox };

/** The process's outbox. */
export function outbox(): Outbox {
  if (!globalForOutbox.__mailshieldOutbox) {
    const created = new Outbox();
    globalForOutbox.__mailshieldOutbox = created;
    registerShutdownHook("mail-outbox", () => created.idle());
  }
  return globalForOutbox.__mailshieldOutbox;
}

/** Replaces the process's outbox (tests: no waits between attempts). */
export function useOutbox(replacement: Outbox): void {
  globalForOutbox.__mailshieldOutbox = replacement;
}
