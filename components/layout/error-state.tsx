"use client";

import { Button } from "@/components/ui/button";
import { AlertTriangleIcon } from "@/components/ui/icons";

/**
 * What an error boundary shows. Next passes only a digest to the browser in production
 * (the real error stays in the server log, under that digest), so the message is generic
 * but actionable and nothing is logged here.
 */
export function ErrorState({ error, retry }: { error: unknown; retry: () => void }) {
  const digest =
    error instanceof Error && "digest" in error && typeof error.digest === "string"
      ? error.digest
      : null;

  return (
    <div
      role="alert"
      className="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center"
    >
      <span className="flex size-11 items-center justify-center rounded-full bg-destructive/10 text-destructive">
        <AlertTriangleIcon className="size-5" />
      </span>
      <div className="grid gap-1.5">
        <h1 className="font-semibold text-xl tracking-tight">Something went wrong</h1>
        <p className="text-muted-foreground text-sm">
          We could not load this page. The service may be briefly unavailable; your data is safe.
          Try again in a moment.
        </p>
        {digest ? (
          <p className="text-muted-foreground text-xs">
            Reference: <code className="font-mono">{digest}</code>
          </p>
        ) : null}
      </div>
      <Button onClick={() => retry()}>Try again</Button>
    </div>
  );
}
