// Types of process-logger.mjs for lib/logger.ts.
import type { Logger } from "pino";

export interface LoggerSettings {
  level: string;
  /** Readable lines instead of JSON (development). */
  readable: boolean;
  /** Where lines go; standard output by default. */
  stream?: NodeJS.WritableStream;
}

export function createLogger(settings: LoggerSettings): Logger;
export function processLogger(settings: () => LoggerSettings): Logger;
