"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";

/** Where a held navigation goes: an in-app address, or one step back in history. */
type PendingNavigation = { href: string } | { back: true };

/** Marks the extra history entry that lets the Back button be caught. */
const GUARD_STATE_KEY = "__unsavedChangesGuard";

/**
 * Warns before unsaved edits are lost. Closing or reloading the tab gets the browser's own
 * "Leave site?" prompt (its text cannot be chosen). A click on an in-app link is held and
 * this dialog asks first: the App Router has no hook to veto a navigation, so links are
 * caught on the document before Next's Link sees them. The Back button cannot be vetoed
 * either, so while the form is dirty a copy of the current history entry sits on top: Back
 * only removes that copy (the page stays), and this dialog asks whether to really go back.
 * Render it while a form is dirty.
 */
export function UnsavedChangesGuard({ when }: { when: boolean }) {
  const router = useRouter();
  const [pending, setPending] = useState<PendingNavigation | null>(null);
  // Set once the user chose to go back, so the popstate that follows is not caught again.
  const leavingBack = useRef(false);

  useEffect(() => {
    if (!when) return;
    function onBeforeUnload(event: BeforeUnloadEvent) {
      event.preventDefault();
      // Older Chromium shows the prompt only when returnValue is set.
      event.returnValue = "";
    }
    function onClick(event: MouseEvent) {
      const href = leavingHref(event);
      if (href === null) return;
      event.preventDefault();
      event.stopPropagation();
      setPending({ href });
    }
    function onPopState() {
      // Back removed the guard entry: this page's own entry is current again. Put the guard
      // back at once (so a second Back is caught too) and ask.
      if (leavingBack.current || isGuardEntry(window.history.state)) return;
      pushGuardEntry();
      setPending({ back: true });
    }
    if (!isGuardEntry(window.history.state)) pushGuardEntry();
    window.addEventListener("beforeunload", onBeforeUnload);
    window.addEventListener("popstate", onPopState);
    document.addEventListener("click", onClick, { capture: true });
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      window.removeEventListener("popstate", onPopState);
      document.removeEventListener("click", onClick, { capture: true });
      // Saved (or discarded) while staying here: drop the guard entry, so one Back leaves.
      if (isGuardEntry(window.history.state)) window.history.back();
    };
  }, [when]);

  function leave() {
    if (!pending) return;
    if ("href" in pending) {
      router.push(pending.href);
      return;
    }
    // Two steps: the guard entry, then this page's own entry.
    leavingBack.current = true;
    window.history.go(-2);
  }

  return (
    <AlertDialog
      open={pending !== null}
      onOpenChange={(open) => {
        if (!open) setPending(null);
      }}
    >
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Leave without saving?</AlertDialogTitle>
          <AlertDialogDescription>
            Your changes on this page have not been saved. If you leave now, they are lost.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Stay on this page</AlertDialogCancel>
          <AlertDialogAction variant="destructive" onClick={leave}>
            Leave and discard changes
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

function isGuardEntry(state: unknown): boolean {
  return typeof state === "object" && state !== null && GUARD_STATE_KEY in state;
}

/** A copy of the current entry (Next's router state kept, so it renders the same page). */
function pushGuardEntry(): void {
  const state = (window.history.state ?? {}) as Record<string, unknown>;
  window.history.pushState({ ...state, [GUARD_STATE_KEY]: true }, "", window.location.href);
}

/**
 * The in-app address a plain click on a link would open, or null for clicks that do not
 * leave (a link to this page's own anchor) or that the browser handles on its own (a new
 * tab, a download, another site, a modified click).
 */
function leavingHref(event: MouseEvent): string | null {
  if (event.defaultPrevented || event.button !== 0) return null;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const link = (event.target as Element | null)?.closest?.("a[href]");
  if (!(link instanceof HTMLAnchorElement)) return null;
  if (link.target && link.target !== "_self") return null;
  if (link.hasAttribute("download")) return null;
  const url = new URL(link.href, window.location.href);
  if (url.origin !== window.location.origin) return null;
  if (url.pathname === window.location.pathname && url.search === window.location.search) {
    return null;
  }
  return `${url.pathname}${url.search}${url.hash}`;
}
