// The key that signs and encrypts session JWTs. It lives in its own module so that the
// proxy can verify sessions without importing the database client.

// Public on purpose and only ever used outside production: it makes `next dev` and the
// test suites work without setup, and production refuses to start with it.
const DEVELOPMENT_ONLY_SECRET = "mailshield-development-only-secret-never-use-in-production";

let warned = false;

export function resolveAuthSecret(): string {
  const configured = process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET;
  if (configured) return configured;

  // `next build` evaluates modules in production mode without runtime configuration;
  // the secret is only needed once requests are served.
  const building = process.env.NEXT_PHASE === "phase-production-build";
  if (process.env.NODE_ENV === "production" && !building) {
    throw new Error(
      "NEXTAUTH_SECRET is not set. Production requires a random secret of at least 32 characters " +
        "(generate one with `openssl rand -base64 32`). `npm start` creates and keeps one for the embedded demo.",
    );
  }
  if (!warned && !building) {
    warned = true;
    console.warn(
      "NEXTAUTH_SECRET is not set; using a fixed development-only secret. Sessions are not secure.",
    );
  }
  return DEVELOPMENT_ONLY_SECRET;
}
