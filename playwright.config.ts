import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { mailboxPort } from "./e2e/support/mailbox-server";
import { appServerEnv } from "./scripts/lib/processes.mjs";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

if (!existsSync(executablePath)) {
  throw new Error(
    `No Chromium at ${executablePath}. Install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH.`,
  );
}

export default defineConfig({
  testDir: "e2e",
  // A real SMTP server receives what the app emails (e2e/support/mailbox.ts reads it).
  globalSetup: "./e2e/support/mailbox-server.ts",
  // Two cores: one browser at a time keeps the server responsive and the suite stable.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  // CI runs the suite on both databases at once on two cores: a test whose page is still
  // streaming under that load gets one more try, and the report lists it as flaky (counted
  // in the summary, named in the output) rather than hiding it. Locally a failure is final.
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Its own folder per concurrent run (CI runs one suite per database at once).
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results",
  use: {
    baseURL,
    screenshot: "only-on-failure",
    // A trace records every step of every test to keep the failing ones: about 7% of the
    // suite's time. Locally it is what one opens to see a failure; in CI nobody can open
    // it (the screenshot and the page's ARIA snapshot of a failure are kept either way).
    trace: process.env.CI ? "off" : "retain-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  // The suite runs against a production build served by the same server as `npm start`,
  // in the environment scripts/lib/processes.mjs gives it everywhere, and stopped the same
  // way (SIGTERM: drain, flush the logs). A server already listening on the port (for
  // example `npm run dev`) is reused locally.
  webServer: {
    command: "node server.mjs",
    url: `${baseURL}/api/health`,
    // Every run makes a dozen deliberate failed sign-ins, several sign-ups and reset
    // requests from this machine's one address; on a long-lived database a few runs would
    // trip the per-IP sign-in, sign-up and account-email limits. The per-account limit, which the security spec tests,
    // stays at its default.
    env: appServerEnv({
      port,
      env: {
        SIGN_IN_IP_FAILURE_LIMIT: "100000",
        SIGN_UP_IP_LIMIT: "100000",
        ACCOUNT_EMAIL_IP_LIMIT: "100000",
        // e2e/webhooks.spec.ts delivers to a receiver on this machine.
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true",
        SMTP_URL: `smtp://127.0.0.1:${mailboxPort()}`,
      },
    }),
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
