/**
 * Makes everything outside `element` inert, up to <body>, and returns the undo.
 *
 * An open select is modal: Radix hides the rest of the page with aria-hidden and traps
 * focus in the list, yet the hidden page's links and buttons stay focusable in the DOM,
 * which assistive technology reports as hidden-but-focusable content (axe:
 * aria-hidden-focus). `inert` says what the page really is while the list is open.
 */
export function inertOutside(element: HTMLElement): () => void {
  const changed: HTMLElement[] = [];
  for (let node = element; node.parentElement && node !== document.body; ) {
    const parent: HTMLElement = node.parentElement;
    for (const sibling of parent.children) {
      if (sibling === node || !(sibling instanceof HTMLElement) || sibling.inert) continue;
      sibling.inert = true;
      changed.push(sibling);
    }
    node = parent;
  }
  return () => {
    for (const sibling of changed) sibling.inert = false;
  };
}
