import { appendFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";

// One line per screen state in any spec: `await expectAccessible(page, "rotation dialog")`.
// The scan covers WCAG 2.0–2.2 A/AA plus axe's best practices; a violation of impact
// serious or critical fails, and so do the page-structure rules below, whatever their
// impact. Failures are soft, so one run lists every state that fails, not only the first.

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/** Rated "moderate" by axe, enforced anyway: every page has an h1 and all content in landmarks. */
const STRUCTURE_RULES = new Set(["page-has-heading-one", "region", "landmark-one-main"]);

/** A known violation let through, with the reason written next to it. */
export interface AxeException {
  rule: string;
  /** Only nodes whose selector contains this; every node of the rule when omitted. */
  selector?: string;
  reason: string;
}

interface Violation {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

const OPEN_SELECT_REASON =
  "While a select's list is open, the page behind it is hidden from assistive technology " +
  "(aria-hidden and inert: the list is modal), so axe's page-level rules find no h1, no " +
  "main landmark and the list outside any landmark. The page is scanned with it closed too.";

/** For scans with a select's list open. */
export const OPEN_SELECT_EXCEPTIONS: readonly AxeException[] = [
  { rule: "page-has-heading-one", reason: OPEN_SELECT_REASON },
  { rule: "landmark-one-main", reason: OPEN_SELECT_REASON },
  { rule: "region", reason: OPEN_SELECT_REASON },
  {
    rule: "scrollable-region-focusable",
    reason:
      "A select's list longer than the window scrolls inside itself, and is scrolled by the " +
      "keyboard: the arrow keys, Home, End and type-ahead move focus across its options " +
      "(roving focus, so each option has tabindex=-1) and keep the focused one in view. axe " +
      "counts only tab stops as focusable content; Tab is not how a listbox is operated.",
  },
];

function blocks(impact: string | null | undefined, rule: string): boolean {
  return impact === "serious" || impact === "critical" || STRUCTURE_RULES.has(rule);
}

function excepted(violation: Violation, exceptions: readonly AxeException[]): boolean {
  return exceptions.some(
    (exception) =>
      exception.rule === violation.rule &&
      (!exception.selector ||
        violation.targets.every((target) => target.includes(exception.selector!))),
  );
}

/** Scans the page as it is now (open dialogs, menus and selects included). */
export async function expectAccessible(
  page: Page,
  state: string,
  exceptions: readonly AxeException[] = [],
): Promise<void> {
  // The page as a person sees it once it has settled: a dialog still fading in has text at
  // part opacity (a false contrast failure), and a page still loading may lack its title.
  // On a loaded machine both moments last long enough for a scan to land in them.
  await page.waitForLoadState("load");
  await page.waitForFunction(
    () =>
      document.title !== "" &&
      document
        .getAnimations()
        .every(
          (animation) =>
            animation.playState !== "running" ||
            animation.effect?.getTiming().iterations === Number.POSITIVE_INFINITY,
        ),
    undefined,
    { timeout: 10_000 },
  );
  const results = await test.step(`axe: ${state}`, () =>
    new AxeBuilder({ page }).withTags(TAGS).analyze());
  const violations: Violation[] = results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact ?? "unknown",
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(" ")),
  }));
  // AXE_REPORT=<file> records every violation of every state, blocking or not (JSON lines),
  // for before/after comparisons.
  const report = process.env.AXE_REPORT;
  if (report) {
    const width = page.viewportSize()?.width ?? 0;
    await appendFile(report, `${JSON.stringify({ state, width, violations })}\n`);
  }
  const blocking = violations.filter(
    (violation) => blocks(violation.impact, violation.rule) && !excepted(violation, exceptions),
  );
  expect
    .soft(
      blocking.map((v) => `${v.rule} (${v.impact}): ${v.help} at ${v.targets.slice(0, 3)}`),
      `accessibility violations in "${state}"`,
    )
    .toEqual([]);
}
