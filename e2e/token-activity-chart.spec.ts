import { randomUUID } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { createTokenInDashboard, signIn as signInAs } from "./helpers";

// The time axis of a token's activity chart: evenly spaced day labels in UTC, today's
// always among them, fitted to the width on a desktop and on a phone.

const DAY_MS = 86_400_000;
const utcDay = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  timeZone: "UTC",
});

const signIn = (page: Page) => signInAs(page, "business@mailshield.test");

/** The x-axis labels: their text and the horizontal centre of each. */
async function axisTicks(page: Page) {
  const labels = page.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value");
  await expect(labels.first()).toBeVisible();
  return labels.evaluateAll((nodes) =>
    nodes.map((node) => {
      const box = node.getBoundingClientRect();
      return { text: node.textContent ?? "", x: box.left + box.width / 2 };
    }),
  );
}

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("the activity chart labels evenly spaced UTC days, today included, at 1280 and 390 px", async ({
  page,
  request,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page);
  const { token, id } = await createTokenInDashboard(page, `E2E chart ${randomUUID().slice(0, 8)}`);
  const response = await request.get("/api/v1/domains", {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(response.status()).toBe(200);

  const today = utcDay.format(new Date());
  await expect(async () => {
    await page.goto(`/settings/api-tokens/${id}`);
    await expect(page.locator(".recharts-xAxis-tick-labels").first()).toBeVisible({
      timeout: 1_000,
    });
  }).toPass({ timeout: 15_000 });

  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 800 });
    await expect(async () => {
      const ticks = await axisTicks(page);
      expect(ticks.length, `${width} px`).toBeGreaterThanOrEqual(3);
      expect(ticks.at(-1)?.text).toBe(today);
      // The same number of days between labels, and the same distance on screen.
      const days = ticks.map((tick) =>
        Date.parse(`${tick.text} ${new Date().getUTCFullYear()} UTC`),
      );
      const dayGaps = new Set(
        days.slice(1).map((day, index) => {
          const gap = Math.round((day - days[index]!) / DAY_MS);
          return gap < 0 ? gap + 365 : gap; // across New Year
        }),
      );
      expect(dayGaps.size, `${width} px: ${ticks.map((tick) => tick.text).join(", ")}`).toBe(1);
      const xGaps = ticks.slice(1).map((tick, index) => tick.x - ticks[index]!.x);
      expect(Math.max(...xGaps) - Math.min(...xGaps)).toBeLessThan(2);
      // Labels do not run into each other.
      expect(Math.min(...xGaps)).toBeGreaterThan(40);
    }).toPass({ timeout: 5_000 });
  }
});
