import "server-only";
import { assertReadyToServe, config } from "@/lib/config";
import { logger } from "@/lib/logger";

// The key that signs and encrypts session JWTs. It lives in its own module so that the
// proxy can verify sessions without importing the database client.

// Public on purpose and only ever used outside production: it makes `next dev` and the
// test suites work without setup, and production refuses to start with it.
const DEVELOPMENT_ONLY_SECRET = "mailshield-development-only-secret-never-use-in-production";

let warned = false;

export function resolveAuthSecret(): string {
  const settings = config();
  // The production rule (a secret of at least 32 characters) lives in the configuration
  // module; a server stops at start-up without one, and this repeats it for any other path.
  assertReadyToServe(settings);
  const configured = settings.NEXTAUTH_SECRET ?? settings.AUTH_SECRET;
  if (configured) return configured;
  // `next build` evaluates modules without runtime configuration; the secret is only
  // needed once requests are served.
  if (!warned && settings.NEXT_PHASE !== "phase-production-build") {
    warned = true;
    logger().warn(
      "NEXTAUTH_SECRET is not set; using a fixed development-only secret. Sessions are not secure.",
    );
  }
  return DEVELOPMENT_ONLY_SECRET;
}
