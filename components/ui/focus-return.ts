// Where focus goes when a dialog closes. Radix returns it to the dialog's trigger, or to
// the element focused when it opened. A dialog opened from a menu item has neither: the
// item is gone with its menu, and focus fell to <body>, so keyboard and screen-reader users
// had to start again from the top of the page. Menus remember the control that opened them;
// a dialog that loses focus on closing returns it there, or to the page's main landmark
// when that control is gone too (its row left the list, its button went with the revoked
// token's editing controls).

let lastOpener: WeakRef<HTMLElement> | null = null;

/** Called by a menu as it opens, with the button that opened it. */
export function rememberOpener(element: Element | null): void {
  if (element instanceof HTMLElement) lastOpener = new WeakRef(element);
}

/**
 * The element itself, or the control that replaced it when the page re-rendered it (a list
 * refreshed after a revoke remounts its rows): the same tag with the same accessible label
 * and data attributes.
 */
const STATE_ATTRIBUTES = new Set(["data-state", "data-highlighted", "data-disabled"]);

function current(element: HTMLElement | undefined): HTMLElement | undefined {
  if (!element || element.isConnected) return element;
  const attributes = [...element.attributes].filter(
    // data-state and the like change with the control's state; ids are generated per mount.
    (attribute) =>
      attribute.name === "aria-label" ||
      (attribute.name.startsWith("data-") && !STATE_ATTRIBUTES.has(attribute.name)),
  );
  if (attributes.length === 0) return undefined;
  const selector = attributes
    .map((attribute) => `[${attribute.name}="${CSS.escape(attribute.value)}"]`)
    .join("");
  return document.querySelector<HTMLElement>(`${element.localName}${selector}`) ?? undefined;
}

function canTakeFocus(element: HTMLElement | undefined): element is HTMLElement {
  return (
    !!element &&
    element.isConnected &&
    !element.closest("[inert], [aria-hidden='true'], [disabled]") &&
    element.getClientRects().length > 0
  );
}

/** Moves focus to a sensible place if it has fallen to <body>; returns the focused element. */
export function restoreLostFocus(): HTMLElement | null {
  const active = document.activeElement;
  if (active instanceof HTMLElement && active !== document.body) return active;
  const opener = current(lastOpener?.deref());
  if (canTakeFocus(opener)) {
    opener.focus();
    return opener;
  }
  const main = document.querySelector<HTMLElement>("main");
  if (!main) return null;
  // Focusable by script only, like the skip link's target: not an extra Tab stop.
  if (!main.hasAttribute("tabindex")) main.tabIndex = -1;
  main.focus();
  return main;
}

/** How long after a dialog closes the page may still drop the control focus went back to. */
const WATCH_MS = 5_000;

/**
 * For a dialog's onCloseAutoFocus: lets Radix return focus first (it does so right after
 * this event), then repairs it if it was lost. The page may also re-render a moment later
 * (a server refresh after the dialog's action) and remove the control that now has focus,
 * such as a Revoke button once its token is revoked: that is repaired too.
 */
export function restoreLostFocusAfterClose(): void {
  setTimeout(() => {
    const focused = restoreLostFocus();
    if (!focused) return;
    // A moved element (a re-sorted row) loses focus but stays in the page: focus it again.
    const observer = new MutationObserver(() => {
      const active = document.activeElement;
      if (active && active !== document.body) return;
      stop();
      const again = current(focused);
      if (canTakeFocus(again)) again.focus();
      else restoreLostFocus();
    });
    const stop = () => {
      observer.disconnect();
      clearTimeout(timer);
      document.removeEventListener("focusin", stop);
      document.removeEventListener("pointerdown", stop);
    };
    const timer = setTimeout(stop, WATCH_MS);
    // The user moved on (focused or clicked elsewhere): leave focus to them.
    document.addEventListener("focusin", stop);
    document.addEventListener("pointerdown", stop);
    observer.observe(document.body, { childList: true, subtree: true });
  }, 0);
}
