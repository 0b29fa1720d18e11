// Where focus goes in the tokens list after a dialog closes. Only elements actually
// displayed count: a control of the header row (select all) is not displayed while the
// table is stacked on a narrow screen, where its twin in the selection bar is.

function displayed(selector: string): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(selector)].filter(
    (element) => element.getClientRects().length > 0,
  );
}

/** Focuses the first displayed element matching `selector`; false when there is none. */
export function focusDisplayed(selector: string): boolean {
  const [element] = displayed(selector);
  element?.focus();
  return element !== undefined;
}

/**
 * Focuses the name link of the token at `index` in the list as now shown (the last one
 * when the list got shorter): after a revocation that is the revoked token if it is still
 * in place, or the one that took its place, so the keyboard user keeps their position.
 * False when the list shows no token.
 */
export function focusTokenAt(index: number): boolean {
  const links = displayed("[data-token-link]");
  const link = links[Math.min(index, links.length - 1)];
  link?.focus();
  return link !== undefined;
}

/** The position of a token's name link among the displayed ones; -1 when not shown. */
export function displayedTokenIndex(tokenId: string): number {
  return displayed("[data-token-link]").findIndex((link) => link.dataset.tokenLink === tokenId);
}
