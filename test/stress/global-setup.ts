import { randomBytes } from "node:crypto";
import { buildIfNeeded } from "../../scripts/lib/build.mjs";

/** Builds the production app once for every stress file (skipped when it is up to date). */
export default function setup(): void {
  process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
  if (process.env.STRESS_SKIP_BUILD !== "1") {
    buildIfNeeded({ ...process.env, NEXT_TELEMETRY_DISABLED: "1" });
  }
}
