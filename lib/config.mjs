import { z } from "zod";

// The one place the application reads its environment, in plain JavaScript so that
// server.mjs (which runs before Next and cannot import TypeScript) reads its settings
// here too; lib/config.ts gives the application its types. Every variable is declared here
// once, with its type, default and bounds; a wrong value stops the process with a message
// naming the variable instead of surfacing later as NaN or a silent fallback. The
// README's configuration table must list exactly these variables (config.test.ts).
// Tooling (scripts/, bench/, the test runners) sets and reads its own variables.

/**
 * A whole number within [min, max], with one message for every way it can be wrong.
 * @param {number} min
 * @param {number} max
 */
const wholeNumber = (min, max) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};
/** @param {number} fallback */
const positiveInt = (fallback, max = 1_000_000_000) => wholeNumber(1, max).default(fallback);
const optionalPositiveInt = (max = 1_000_000_000) => wholeNumber(1, max).optional();
const optionalText = z.string().optional();

/**
 * The 32 bytes of a key given as base64, base64url or hex (`openssl rand -base64 32`), or
 * null when it is not exactly that.
 * @param {string} value
 * @returns {Buffer | null}
 */
export function decodeKey32(value) {
  const text = value.trim();
  const bytes = /^[0-9a-f]{64}$/i.test(text)
    ? Buffer.from(text, "hex")
    : /^[A-Za-z0-9+/_-]{43}={0,1}$/.test(text)
      ? Buffer.from(text, "base64")
      : null;
  return bytes?.length === 32 ? bytes : null;
}

export const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Set by Next while `next build` evaluates modules without runtime configuration. */
  NEXT_PHASE: z.string().optional(),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: "must be a postgresql:// connection URL" })
    .optional(),
  DATABASE_POOL_MAX: optionalPositiveInt(1_000),
  DATABASE_CONNECT_TIMEOUT_MS: positiveInt(5_000, 600_000),
  DATABASE_PREPARED_STATEMENTS: z.enum(["on", "off"]).default("on"),
  NEXTAUTH_SECRET: optionalText,
  AUTH_SECRET: optionalText,
  /** Encrypts authenticator-app secrets and keys the hashes of recovery codes. */
  TWO_FACTOR_ENCRYPTION_KEY: z
    .string()
    .refine((value) => decodeKey32(value) !== null, {
      error: "must be 32 random bytes in base64 or hex (generate with `openssl rand -base64 32`)",
    })
    .optional(),
  /** The dashboard's public URL: next-auth's, and the one base of every link in an email. */
  NEXTAUTH_URL: z
    .url({
      protocol: /^https?$/,
      error: "must be an absolute http(s) URL such as https://app.example.com",
    })
    .optional(),
  TRUST_PROXY_HOPS: wholeNumber(0, 32).default(0),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" })
    .optional(),
  REDIS_KEY_PREFIX: z.string().min(1).max(100).default("mailshield:rl:"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  LOG_RETENTION_DAYS: positiveInt(90, 36_500),
  AUDIT_RETENTION_DAYS: positiveInt(365, 36_500),
  /** `off`: this process does not run the scheduled jobs (run `npm run worker` instead). */
  JOBS_WORKER: z.enum(["on", "off"]).default("on"),
  /** Unset: notifications are shown in the dashboard only, never emailed. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional(),
  MAIL_FROM: z.string().min(3).max(320).default("MailShield <notifications@mailshield.invalid>"),
  // Per client IP (IPv6: per /64) and hour: password-reset and verification emails asked for.
  ACCOUNT_EMAIL_IP_LIMIT: positiveInt(20, 1_000_000),
  API_FAILED_AUTH_LIMIT_PER_MIN: positiveInt(20),
  API_PUBLIC_LIMIT_PER_MIN: positiveInt(60),
  // Unset: the plan table's Enterprise limit (lib/plans.ts).
  ENTERPRISE_RATE_LIMIT_PER_MIN: optionalPositiveInt(),
  RATE_LIMIT_SYNC_INTERVAL_MS: positiveInt(1_000, 60_000),
  SIGN_IN_IP_FAILURE_LIMIT: positiveInt(50),
  SIGN_UP_IP_LIMIT: positiveInt(5),
  // In any 24 hours: invitations one organization creates (past it, refused) and invitation
  // emails one address receives from all organizations (past it, created but not emailed).
  INVITATION_ORG_LIMIT: positiveInt(20, 100_000),
  INVITATION_EMAILS_PER_RECIPIENT: positiveInt(3, 1_000),
  REQUEST_LOG_SHUTDOWN_TIMEOUT_MS: positiveInt(20_000, 600_000),
  /**
   * `true`: webhooks may be delivered to private, loopback and link-local addresses (a
   * receiver on this machine or the local network). Unset: allowed in development and
   * tests, refused in production.
   */
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: z.enum(["true", "false"]).optional(),
  // server.mjs's own settings, read before Next loads.
  PORT: positiveInt(3_000, 65_535),
  HOSTNAME: z.string().min(1).default("0.0.0.0"),
  SHUTDOWN_TIMEOUT_MS: positiveInt(25_000, 600_000),
  /** Set by `npm start`: server.mjs stops when its parent's end of stdin closes. */
  MAILSHIELD_STDIN_LIFELINE: z.enum(["0", "1"]).optional(),
  /** Set by `npm start` on the embedded database: the local demo (emails go to the log). */
  MAILSHIELD_EMBEDDED: z.enum(["0", "1"]).optional(),
});

/** @typedef {z.output<typeof configSchema>} Config */

/** Variables the application reads (the keys of the schema above). */
export const CONFIG_VARIABLES = /** @type {Array<keyof Config>} */ (
  Object.keys(configSchema.shape)
);

/**
 * Set by Next, the runtime or our own scripts, never by an operator: the README does not
 * list them.
 * @type {ReadonlyArray<keyof Config>}
 */
export const INTERNAL_VARIABLES = [
  "NODE_ENV",
  "NEXT_PHASE",
  "MAILSHIELD_STDIN_LIFELINE",
  "MAILSHIELD_EMBEDDED",
];

/** Read by the tooling (scripts/, the Playwright config), not the application. */
export const TOOLING_VARIABLES = /** @type {const} */ ([
  "EMBEDDED_DB_PORT",
  "MAILSHIELD_DATA_DIR",
  "CHROMIUM_PATH",
  "NGINX_PATH",
]);

export class ConfigError extends Error {
  name = "ConfigError";
}

/**
 * Parses and checks an environment. Throws a ConfigError whose message names every
 * variable that is wrong and why.
 * @param {Record<string, string | undefined>} env
 * @returns {Config}
 */
export function parseConfig(env) {
  // An empty value means unset, as in most shells' `VAR= command`.
  const given = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ""),
  );
  const result = configSchema.safeParse(given);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  return result.data;
}

/**
 * The rules for a process that serves requests, beyond the shape of each value. Kept apart
 * from parseConfig so that tooling sharing the application's modules (migrations, the
 * seed, log pruning) runs without the web server's secrets.
 * @param {Config} config
 */
export function assertReadyToServe(config) {
  const building = config.NEXT_PHASE === "phase-production-build";
  if (config.NODE_ENV !== "production" || building) return;
  const secret = config.NEXTAUTH_SECRET ?? config.AUTH_SECRET;
  if (!secret || secret.length < 32) {
    throw new ConfigError(
      "NEXTAUTH_SECRET: production requires a random secret of at least 32 characters " +
        "(generate one with `openssl rand -base64 32`). `npm start` creates and keeps one for the embedded demo.",
    );
  }
  publicUrl(config);
  if (!config.TWO_FACTOR_ENCRYPTION_KEY) {
    throw new ConfigError(
      "TWO_FACTOR_ENCRYPTION_KEY: production requires a key of 32 random bytes for the authenticator-app " +
        "secrets (generate one with `openssl rand -base64 32`; keep it: changing it turns off every " +
        "authenticator app). `npm start` creates and keeps one for the embedded demo.",
    );
  }
}

const PUBLIC_URL_REQUIRED =
  "NEXTAUTH_URL: production requires the dashboard's public URL, e.g. https://mailshield.example.com " +
  "(links in emails are built on it, never on a request's Host header). `npm start` sets " +
  "http://localhost:PORT for the embedded demo.";

/**
 * The address people open the dashboard at: the one base of the links MailShield sends
 * (invitations, notifications). NEXTAUTH_URL, never a request's Host or X-Forwarded-Host,
 * which a client chooses; outside production, http://localhost:PORT when it is not set.
 * @param {Config} config
 * @returns {string}
 */
export function publicUrl(config) {
  if (config.NEXTAUTH_URL) return config.NEXTAUTH_URL;
  if (config.NODE_ENV === "production") throw new ConfigError(PUBLIC_URL_REQUIRED);
  return `http://localhost:${config.PORT}`;
}

/**
 * How outgoing email leaves: `smtp` with SMTP_URL; without it, `log` in development and on
 * the embedded demo (each email is written to the server log, so sign-up verification and
 * password reset work out of the box on one machine); `off` otherwise: a production
 * deployment must not write reset links into a log that others read, so it sends nothing
 * (and says so at start, emailOffWarning). Tests (NODE_ENV=test) set SMTP_URL when they mail.
 * @param {Config} config
 * @returns {"smtp" | "log" | "off"}
 */
export function mailDelivery(config) {
  if (config.SMTP_URL) return "smtp";
  if (config.NODE_ENV === "development" || config.MAILSHIELD_EMBEDDED === "1") return "log";
  return "off";
}

/**
 * What a server says at start when it cannot send email, naming what that disables; null
 * when email goes out (or to the log).
 * @param {Config} config
 * @returns {string | null}
 */
export function emailOffWarning(config) {
  if (mailDelivery(config) !== "off") return null;
  return (
    "Email is off (SMTP_URL is not set): new accounts cannot verify their address, so they " +
    "cannot invite members or create API tokens; password reset links cannot be sent; " +
    "invitations are links to copy and notifications are shown in the dashboard only. " +
    "Set SMTP_URL (smtp:// or smtps://) to turn email on."
  );
}

/**
 * The rule for `npm run worker` on its own: with SMTP_URL set it emails notifications
 * with links to the dashboard, and it serves nothing on PORT from which to guess the
 * dashboard's address, so it needs NEXTAUTH_URL whatever NODE_ENV says.
 * @param {Config} config
 */
export function assertReadyToWork(config) {
  if (config.SMTP_URL && !config.NEXTAUTH_URL) {
    throw new ConfigError(
      "NEXTAUTH_URL: the job worker emails notifications with links to the dashboard (SMTP_URL is set) " +
        "and needs the dashboard's public URL, e.g. https://mailshield.example.com.",
    );
  }
}

/** @type {{ __mailshieldConfig?: Config }} */
const globalForConfig = /** @type {any} */ (globalThis);

/**
 * The process's configuration, read and checked once on first use.
 * @returns {Config}
 */
export function config() {
  globalForConfig.__mailshieldConfig ??= parseConfig(process.env);
  return globalForConfig.__mailshieldConfig;
}

/**
 * Reads the environment again on next use. Only for tests that change a variable to see
 * its effect; the running application never changes its configuration.
 */
export function reloadConfig() {
  globalForConfig.__mailshieldConfig = undefined;
}

/**
 * Whether webhooks may reach private, loopback, link-local and metadata addresses.
 * @param {Config} config
 */
export function webhookPrivateNetworksAllowed(config) {
  if (config.WEBHOOK_ALLOW_PRIVATE_NETWORKS)
    return config.WEBHOOK_ALLOW_PRIVATE_NETWORKS === "true";
  return config.NODE_ENV !== "production";
}
