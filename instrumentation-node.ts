import { assertReadyToServe, ConfigError, config } from "@/lib/config";

// Loaded by instrumentation.ts on the Node.js runtime only (it uses process.exit and
// stderr, which the Edge runtime lacks).
export function checkConfigurationOrExit(): void {
  try {
    assertReadyToServe(config());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Not through the logger: it is configured by the very values that were refused.
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
