"use client";

import { Toast as ToastPrimitive } from "radix-ui";
import { useSyncExternalStore } from "react";
import { buttonVariants } from "@/components/ui/button";
import { AlertCircleIcon, CheckCircleIcon, InfoIcon, XIcon } from "@/components/ui/icons";
import { cn } from "@/lib/utils";

export type ToastVariant = "default" | "success" | "error";

/** A button in the toast (Undo): `altText` says how to do the same without it. */
export interface ToastAction {
  label: string;
  altText: string;
  onClick: () => void;
}

export interface ToastMessage {
  id: number;
  title: string;
  description?: string;
  variant: ToastVariant;
  action?: ToastAction;
  /** Milliseconds before it goes; longer for a toast offering an action. */
  duration?: number;
}

// A tiny module-level store: `toast()` can be called from any client code (event handlers,
// after a server action resolves) without threading a context through the tree.
let messages: ToastMessage[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit() {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Shows a transient notification. Requires <Toaster /> once in the tree (root layout). */
export function toast(input: {
  title: string;
  description?: string;
  variant?: ToastVariant;
  action?: ToastAction;
  duration?: number;
}) {
  const message: ToastMessage = { id: nextId++, variant: "default", ...input };
  messages = [...messages.slice(-2), message];
  emit();
  return message.id;
}

export function dismissToast(id: number) {
  messages = messages.filter((message) => message.id !== id);
  emit();
}

const VARIANT_ICON = {
  default: InfoIcon,
  success: CheckCircleIcon,
  error: AlertCircleIcon,
} as const;

const EMPTY: ToastMessage[] = [];

export function Toaster() {
  const current = useSyncExternalStore(
    subscribe,
    () => messages,
    () => EMPTY,
  );

  return (
    <ToastPrimitive.Provider swipeDirection="right" duration={5000}>
      {current.map((message) => {
        const Icon = VARIANT_ICON[message.variant];
        return (
          <ToastPrimitive.Root
            key={message.id}
            type={message.variant === "error" || message.action ? "foreground" : "background"}
            duration={message.duration}
            onOpenChange={(open) => {
              if (!open) dismissToast(message.id);
            }}
            className={cn(
              "grid grid-cols-[1rem_1fr_auto] items-start gap-x-3 rounded-lg border bg-popover p-4 text-popover-foreground shadow-lg data-[state=open]:animate-in",
              "data-[swipe=move]:translate-x-(--radix-toast-swipe-move-x) data-[swipe=end]:translate-x-(--radix-toast-swipe-end-x)",
            )}
          >
            <Icon
              className={cn(
                "mt-0.5 size-4",
                message.variant === "success" && "text-success",
                message.variant === "error" && "text-destructive",
                message.variant === "default" && "text-brand",
              )}
            />
            <div className="grid gap-0.5">
              <ToastPrimitive.Title className="font-medium text-sm">
                {message.title}
              </ToastPrimitive.Title>
              {message.description ? (
                <ToastPrimitive.Description className="text-muted-foreground text-sm">
                  {message.description}
                </ToastPrimitive.Description>
              ) : null}
              {message.action ? (
                <ToastPrimitive.Action
                  altText={message.action.altText}
                  onClick={message.action.onClick}
                  className={cn(buttonVariants({ variant: "outline", size: "sm" }), "mt-2 w-fit")}
                >
                  {message.action.label}
                </ToastPrimitive.Action>
              ) : null}
            </div>
            <ToastPrimitive.Close
              aria-label="Dismiss notification"
              className="rounded-sm p-0.5 text-muted-foreground hover:bg-accent hover:text-foreground [&_svg]:size-4"
            >
              <XIcon />
            </ToastPrimitive.Close>
          </ToastPrimitive.Root>
        );
      })}
      <ToastPrimitive.Viewport className="fixed right-0 bottom-0 z-[100] flex w-full max-w-sm flex-col gap-2 p-4 outline-none" />
    </ToastPrimitive.Provider>
  );
}
