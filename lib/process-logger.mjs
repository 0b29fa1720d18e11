// The process's one pino logger, in plain JavaScript so that server.mjs (which runs before
// Next and cannot import TypeScript) and the application share the same instance. The
// application reaches it through lib/logger.ts; nothing else should import this file.
//
// Production writes JSON lines (one object per line, for a log collector); development
// writes readable, coloured lines. Writes are synchronous: the logger serves errors and
// lifecycle events, not the hot path, and a line written just before exit must not be lost.

import pino from "pino";
import pretty from "pino-pretty";

/**
 * @param {{ level: string; readable: boolean; stream?: NodeJS.WritableStream }} settings
 * @returns {import("pino").Logger}
 */
export function createLogger(settings) {
  const destination = settings.readable
    ? pretty({
        sync: true,
        colorize: !settings.stream,
        translateTime: "SYS:HH:MM:ss.l",
        ignore: "pid,hostname,service",
        ...(settings.stream ? { destination: settings.stream } : {}),
      })
    : (settings.stream ?? pino.destination({ fd: 1, sync: true }));
  return pino(
    {
      level: settings.level,
      base: { service: "mailshield" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { error: pino.stdSerializers.err, err: pino.stdSerializers.err },
    },
    destination,
  );
}

/**
 * The logger of this process: created on first use with `settings`, then the same one for
 * every caller (kept on globalThis, so Next's dev-server reloads reuse it too).
 * @param {() => { level: string; readable: boolean }} settings
 * @returns {import("pino").Logger}
 */
export function processLogger(settings) {
  globalThis.__mailshieldLogger ??= createLogger(settings());
  return globalThis.__mailshieldLogger;
}
