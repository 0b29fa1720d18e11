// The configuration module's types for the application; the module itself is
// config.mjs, plain JavaScript, so that server.mjs reads its settings there too.
import type { z } from "zod";
import type { configSchema } from "./config.mjs";

export type Config = z.output<typeof configSchema>;
export {
  assertReadyToServe,
  assertReadyToWork,
  CONFIG_VARIABLES,
  ConfigError,
  config,
  decodeKey32,
  emailOffWarning,
  INTERNAL_VARIABLES,
  mailDelivery,
  parseConfig,
  publicUrl,
  reloadConfig,
  TOOLING_VARIABLES,
  webhookPrivateNetworksAllowed,
} from "./config.mjs";
