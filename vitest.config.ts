import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    environment: "node",
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", ".next/**", "e2e/**", ".data/**", "lib/generated/**"],
    // Integration tests share one database; each creates its own organizations, so files
    // may run concurrently, but the embedded database serves one query at a time anyway.
    fileParallelism: process.env.DATABASE_POOL_MAX !== "1",
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
