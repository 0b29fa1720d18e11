import { type Page, test } from "@playwright/test";
import { expectAccessible } from "./axe";
import { expectNoSidewaysScroll } from "./layout";

// A screen as it is now, at the widths the dashboard must fit: no sideways scroll at any,
// axe at a desktop and a phone width, and a full-page screenshot of each kept with the
// run's results, to look at. Back to desktop width after.

const WIDTHS = [1280, 1024, 800, 390] as const;
const AXE_WIDTHS: readonly number[] = [1280, 390];

export async function checkAtEveryWidth(page: Page, state: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await expectNoSidewaysScroll(page, `${state} at ${width}px`);
    if (AXE_WIDTHS.includes(width)) await expectAccessible(page, `${state} at ${width}px`);
    await page.screenshot({
      path: test.info().outputPath(`${state.replaceAll(" ", "-")}-${width}.png`),
      fullPage: true,
    });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
