import path from "node:path";
import { defineConfig } from "vitest/config";

// `npm run test:stress`: the slow suites that start real server processes and databases
// (outages, revocation races, oversized requests over HTTP, browser-facing security
// headers, cookies and CSRF, `npm start` on a taken port and stopped by Ctrl+C, two
// instances behind nginx on one PostgreSQL and Redis). They need a production build, which the global setup makes when the sources changed since the
// last one.
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
    include: ["**/*.stress.test.ts"],
    exclude: ["node_modules/**", ".next/**", "e2e/**", ".data/**", "lib/generated/**"],
    globalSetup: ["test/stress/global-setup.ts"],
    // Each file starts its own server; two at once would fight over two cores.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
