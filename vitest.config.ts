import path from "node:path";
import { defineConfig } from "vitest/config";

// One embedded database per worker when scripts/test.mjs started several.
const embeddedTestDatabases = process.env.TEST_DATABASE_URLS?.split(",").length ?? 0;

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Tests import server modules directly, as the server does (react-server condition).
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    environment: "node",
    include: ["**/*.test.ts", "**/*.test.tsx"],
    // *.stress.test.ts files start servers and databases: `npm run test:stress` runs them.
    exclude: [
      "node_modules/**",
      ".next/**",
      "e2e/**",
      ".data/**",
      "lib/generated/**",
      "**/*.stress.test.ts",
    ],
    // Integration tests share one database; each creates its own organizations, so files
    // may run concurrently. The embedded database serves one connection at a time, so there
    // scripts/test.mjs starts one per worker (TEST_DATABASE_URLS, test/setup-database.ts).
    fileParallelism: process.env.DATABASE_POOL_MAX !== "1" || embeddedTestDatabases > 1,
    // More workers than this machine's two cores: the integration tests mostly wait (on
    // PostgreSQL, on SMTP servers, on pg-boss's polling), so four overlap those waits.
    // Measured on PostgreSQL, when tests still waited on the clock too: 104 s instead of
    // 164 s for the suite.
    maxWorkers: embeddedTestDatabases > 1 ? embeddedTestDatabases : 4,
    // The API refuses a client IP after 20 failed authentications a minute. The /api/v1
    // contract suites send far more deliberate 401s from one test address; they test
    // authentication, not that limit, so they get one they never reach.
    // test/security/rate-limits.test.ts restores the production default for itself.
    //
    // A burst test queues hundreds of requests for the pool's ten connections; on a loaded
    // machine (CI runs the suite on both databases at once) the wait can pass the 5 s that
    // production allows before answering 503. That limit has its own test (lib/db.test.ts, on
    // a client with a short timeout); here the pool waits as long as a test may take.
    env: { API_FAILED_AUTH_LIMIT_PER_MIN: "1000000", DATABASE_CONNECT_TIMEOUT_MS: "20000" },
    // The application's clock (lib/clock.ts) per test file: see test/clock.ts.
    setupFiles: ["test/setup-database.ts", "test/setup-clock.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
