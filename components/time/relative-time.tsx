"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import {
  formatLocalDate,
  formatLocalDateTime,
  formatRelativeTime,
  formatUtcDate,
  formatUtcDateTime,
} from "@/components/time/format";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { cn } from "@/lib/utils";

const noopSubscribe = () => () => {};

/**
 * False while the server renders and during hydration, true afterwards. Text that depends on
 * the viewer's clock or time zone switches over after hydration instead of mismatching.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noopSubscribe,
    () => true,
    () => false,
  );
}

/** The current time, refreshed every `intervalMs` so relative labels stay true. */
export function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * "5 minutes ago", with the exact time (viewer's zone and UTC) in a tooltip. The trigger is
 * focusable so keyboard users can read the exact time too.
 */
export function RelativeTime({ date, className }: { date: Date; className?: string }) {
  const now = useNow();
  const hydrated = useHydrated();
  const exact = hydrated ? formatLocalDateTime(date) : formatUtcDateTime(date);
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <time
          dateTime={date.toISOString()}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: the tooltip with the exact time must be reachable by keyboard
          tabIndex={0}
          className={cn(
            "cursor-help rounded-sm underline decoration-muted-foreground/40 decoration-dotted underline-offset-4",
            className,
          )}
          suppressHydrationWarning
        >
          {formatRelativeTime(date, now)}
        </time>
      </TooltipTrigger>
      <TooltipContent>
        <span className="block">{exact}</span>
        {hydrated ? <span className="block opacity-80">{formatUtcDateTime(date)}</span> : null}
      </TooltipContent>
    </Tooltip>
  );
}

/**
 * A calendar date ("Nov 22, 2026") with the exact time as a native title. The server renders
 * the UTC date; the browser switches to the viewer's own date after hydration.
 */
export function DateWithTitle({ date, className }: { date: Date; className?: string }) {
  const hydrated = useHydrated();
  return (
    <time
      dateTime={date.toISOString()}
      title={hydrated ? formatLocalDateTime(date) : formatUtcDateTime(date)}
      className={className}
    >
      {hydrated ? formatLocalDate(date) : formatUtcDate(date)}
    </time>
  );
}

/** An exact date and time in the viewer's time zone (UTC until hydrated), UTC on hover. */
export function DateTime({ date, className }: { date: Date; className?: string }) {
  const hydrated = useHydrated();
  return (
    <time dateTime={date.toISOString()} title={formatUtcDateTime(date)} className={className}>
      {hydrated ? formatLocalDateTime(date) : formatUtcDateTime(date)}
    </time>
  );
}
