// With several test databases (scripts/test.mjs starts one embedded database per Vitest
// worker, since each serves a single connection), each worker uses its own: set before the
// test file's modules read the configuration. VITEST_POOL_ID numbers the workers from 1.
const urls = process.env.TEST_DATABASE_URLS?.split(",") ?? [];
if (urls.length > 0) {
  const worker = Number(process.env.VITEST_POOL_ID ?? "1");
  process.env.DATABASE_URL = urls[(worker - 1) % urls.length];
}
