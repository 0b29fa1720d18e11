"use client";

import { useEffect, useRef, useState } from "react";
import { Button, type ButtonProps } from "@/components/ui/button";
import { CheckIcon, CopyIcon } from "@/components/ui/icons";

/**
 * Copies text with the asynchronous Clipboard API and falls back to selecting a field and
 * `document.execCommand("copy")` where that API is missing (plain-HTTP origins other than
 * localhost) or refused. Resolves to whether the text reached the clipboard.
 */
export async function copyText(
  text: string,
  fallbackField?: HTMLInputElement | HTMLTextAreaElement | null,
): Promise<boolean> {
  if (typeof navigator !== "undefined" && navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission denied or document not focused: try the legacy path below.
    }
  }
  return legacyCopy(text, fallbackField);
}

function legacyCopy(
  text: string,
  field: HTMLInputElement | HTMLTextAreaElement | null | undefined,
): boolean {
  const target = field ?? createHiddenField(text);
  try {
    target.focus();
    target.select();
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    if (!field) target.remove();
  }
}

function createHiddenField(text: string): HTMLTextAreaElement {
  const textarea = document.createElement("textarea");
  textarea.value = text;
  textarea.setAttribute("readonly", "");
  textarea.style.position = "fixed";
  textarea.style.opacity = "0";
  document.body.append(textarea);
  return textarea;
}

/** "Copied" stays visible this long after a successful copy. */
const COPIED_FEEDBACK_MS = 2000;

/** A Copy button that turns into "Copied" for a moment and announces the result. */
export function CopyButton({
  text,
  label = "Copy",
  onCopied,
  fallbackField,
  ...props
}: Omit<ButtonProps, "onClick" | "children"> & {
  text: string;
  label?: string;
  onCopied?: () => void;
  /** The field showing the text, selected for the manual fallback when copying fails. */
  fallbackField?: () => HTMLInputElement | HTMLTextAreaElement | null;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  async function handleClick() {
    const copied = await copyText(text, fallbackField?.());
    setState(copied ? "copied" : "failed");
    if (copied) onCopied?.();
    window.clearTimeout(timer.current);
    if (copied) timer.current = window.setTimeout(() => setState("idle"), COPIED_FEEDBACK_MS);
  }

  return (
    <>
      <Button variant="outline" {...props} onClick={handleClick}>
        {state === "copied" ? <CheckIcon className="text-success" /> : <CopyIcon />}
        {state === "copied" ? "Copied" : label}
      </Button>
      <span
        role="status"
        className={state === "failed" ? "text-muted-foreground text-xs" : "sr-only"}
      >
        {state === "copied" ? "Copied to clipboard" : ""}
        {state === "failed" ? "Copying was blocked: select the text and press Ctrl+C (⌘C)." : ""}
      </span>
    </>
  );
}
