import { PassThrough } from "node:stream";
import { createLogger, type Logger } from "@/lib/logger";

const globalForLogger = globalThis as typeof globalThis & { __mailshieldLogger?: Logger };

export interface CapturedLogs {
  /** Every line written since the capture began, parsed. */
  lines(): Array<Record<string, unknown>>;
  /** Every line as written (JSON text), joined by newlines. */
  text(): string;
  /** Puts the process's own logger back. */
  restore(): void;
}

/**
 * Replaces the process's logger with one that keeps every line (all levels) in memory, so
 * a test can assert what the server logged, or that a secret never reached the log.
 */
export function captureLogs(): CapturedLogs {
  const previous = globalForLogger.__mailshieldLogger;
  const written: string[] = [];
  const stream = new PassThrough();
  stream.on("data", (chunk: Buffer) => {
    written.push(...chunk.toString().split("\n").filter(Boolean));
  });
  globalForLogger.__mailshieldLogger = createLogger({ level: "trace", readable: false, stream });
  return {
    lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
    text: () => written.join("\n"),
    restore: () => {
      globalForLogger.__mailshieldLogger = previous;
    },
  };
}
