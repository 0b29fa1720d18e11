import pino, { type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";
import { config } from "@/lib/config";

// The one server logger. Production writes JSON lines (one object per line, for a log
// collector); development writes readable, coloured lines. Code that handles a request
// logs through `requestLogger(requestId)`, so every line of that request carries its id.
// Writes are synchronous: the logger serves errors and lifecycle events, not the hot path,
// and a line written just before the process exits must not be lost.

export type { Logger };

export interface LoggerSettings {
  level: string;
  /** Readable lines instead of JSON (development). */
  readable: boolean;
  /** Where lines go; standard output by default. */
  stream?: NodeJS.WritableStream;
}

function destination(settings: LoggerSettings): DestinationStream {
  if (settings.readable) {
    return pretty({
      sync: true,
      colorize: !settings.stream,
      translateTime: "SYS:HH:MM:ss.l",
      ignore: "pid,hostname,service",
      ...(settings.stream ? { destination: settings.stream } : {}),
    });
  }
  return settings.stream ?? pino.destination({ fd: 1, sync: true });
}

export function createLogger(settings: LoggerSettings): Logger {
  return pino(
    {
      level: settings.level,
      base: { service: "mailshield" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { error: pino.stdSerializers.err, err: pino.stdSerializers.err },
    },
    destination(settings),
  );
}

function settingsFromConfig(): LoggerSettings {
  const { LOG_LEVEL, NODE_ENV } = config();
  return {
    level: LOG_LEVEL ?? (NODE_ENV === "test" ? "warn" : "info"),
    readable: NODE_ENV === "development",
  };
}

// One logger per process, kept on globalThis so the dev server's module re-evaluation
// does not open a new destination on every edit.
const globalForLogger = globalThis as typeof globalThis & { __mailshieldLogger?: Logger };

/** The process's logger. */
export function logger(): Logger {
  globalForLogger.__mailshieldLogger ??= createLogger(settingsFromConfig());
  return globalForLogger.__mailshieldLogger;
}

/** A logger whose every line carries the request's id (the response's X-Request-Id). */
export function requestLogger(requestId: string): Logger {
  return logger().child({ requestId });
}
