"use client";

import { useHydrated } from "@/components/time/relative-time";

// Log timestamps are shown to the second in the viewer's time zone, with the exact UTC
// instant in the title. The zone is only known in the browser, so the server renders UTC
// and the browser switches after hydration instead of producing a mismatch.

const utcFormat = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
  timeZone: "UTC",
});

function localFormat(): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(undefined, {
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    second: "2-digit",
  });
}

export function LogTimestamp({ date, className }: { date: Date; className?: string }) {
  const hydrated = useHydrated();
  const utc = `${date.toISOString().replace("T", " ").replace("Z", "")} UTC`;
  return (
    <time
      dateTime={date.toISOString()}
      title={utc}
      className={className ?? "whitespace-nowrap tabular-nums"}
      suppressHydrationWarning
    >
      {hydrated ? localFormat().format(date) : `${utcFormat.format(date)} UTC`}
    </time>
  );
}
