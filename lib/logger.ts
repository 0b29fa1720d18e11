import "server-only";
import type { Logger } from "pino";
import { config } from "@/lib/config";
import { processLogger } from "@/lib/process-logger.mjs";

// The one server logger (pino; built in process-logger.mjs, which server.mjs shares).
// Code that handles a request logs through `requestLogger(requestId)`, so every line of
// that request carries its id.

export { createLogger, type LoggerSettings } from "@/lib/process-logger.mjs";
export type { Logger };

function settingsFromConfig() {
  const { LOG_LEVEL, NODE_ENV } = config();
  return {
    level: LOG_LEVEL ?? (NODE_ENV === "test" ? "warn" : "info"),
    readable: NODE_ENV === "development",
  };
}

/** The process's logger. */
export function logger(): Logger {
  return processLogger(settingsFromConfig);
}

/** A logger whose every line carries the request's id (the response's X-Request-Id). */
export function requestLogger(requestId: string): Logger {
  return logger().child({ requestId });
}
