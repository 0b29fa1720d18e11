import { expect, type Page, test } from "@playwright/test";
import { signIn } from "./helpers";

// The Content-Security-Policy in a real browser: the app's own scripts (which carry the
// response's nonce) run on the sign-in page and the dashboard without a single violation,
// while a script injected into a page's HTML without the nonce, as a stored or reflected
// XSS would put it there, is blocked.

/** Every CSP violation the page reports on its console. */
function recordViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test("the app's scripts run on the sign-in page and the dashboard without a violation", async ({
  page,
}) => {
  const violations = recordViolations(page);
  // Signing in needs the sign-in form's client script.
  await signIn(page, "enterprise@mailshield.test");
  // A dialog opening shows the dashboard's client scripts are running.
  await page.getByRole("button", { name: "Create Token", exact: true }).click();
  await expect(page.getByRole("dialog", { name: "Create API token" })).toBeVisible();
  expect(violations).toEqual([]);
});

test("an inline script injected into the page's HTML without the nonce does not run", async ({
  page,
}) => {
  const violations = recordViolations(page);
  // The server's real answer, headers included, with a script added to its HTML.
  await page.route("**/login", async (route) => {
    const response = await route.fetch();
    const html = await response.text();
    const injected = "<script>window.__injectedScriptRan = true</script>";
    await route.fulfill({ response, body: html.replace("</body>", `${injected}</body>`) });
  });
  await page.goto("/login");
  await expect(page.getByLabel("Email")).toBeVisible();

  const ran = await page.evaluate(
    () => (window as { __injectedScriptRan?: boolean }).__injectedScriptRan === true,
  );
  expect(ran).toBe(false);
  expect(violations).toEqual([expect.stringMatching(/Executing inline script violates/)]);
});
