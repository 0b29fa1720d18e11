import { expect, type Page } from "@playwright/test";

/**
 * The page itself never scrolls sideways (a table or code block may scroll inside itself).
 * A failure names the elements that stick out, which is where to look.
 */
export async function expectNoSidewaysScroll(page: Page, state: string): Promise<void> {
  const { scrollWidth, clientWidth, culprits } = await page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    const sticksOut = (element: Element) => {
      const { right, width } = element.getBoundingClientRect();
      return width > 0 && right > root.clientWidth + 1;
    };
    // The innermost elements that stick out (none of their children does): the cause, not
    // every ancestor widened by it.
    const culprits: string[] = [];
    for (const element of document.body.querySelectorAll("*")) {
      if (culprits.length >= 5) break;
      if (sticksOut(element) && ![...element.children].some(sticksOut)) {
        culprits.push(`${element.localName}.${String(element.className).slice(0, 60)}`);
      }
    }
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, culprits };
  });
  expect
    .soft(
      scrollWidth,
      `"${state}" is ${scrollWidth}px wide in a ${clientWidth}px window: ${culprits.join(", ")}`,
    )
    .toBeLessThanOrEqual(clientWidth);
}
