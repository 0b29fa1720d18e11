"use client";

import { useState } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { dayTicks } from "@/components/logs/chart-ticks";
import type { DailyRequestCount } from "@/lib/services/logs/token-activity";

// Requests per day for one token, stacked successes (status < 400) over failures. Days
// are UTC calendar days, which the axis and tooltip say, so a viewer in another zone is
// not misled about which requests fall on which day. The axis labels every Nth day
// (chart-ticks.ts), evenly.

const dayLabel = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  timeZone: "UTC",
});

function formatDay(day: string): string {
  return dayLabel.format(new Date(`${day}T00:00:00Z`));
}

// What the y-axis and the margins take from the container's width; the rest is the axis.
const Y_AXIS_WIDTH = 48;
// The right margin leaves room for half of the newest day's label, centred on the last bar.
const MARGIN = { top: 8, right: 20, bottom: 0, left: -12 };

export function TokenActivityChart({ daily }: { daily: DailyRequestCount[] }) {
  // The x-axis labels depend on the room there is, known once the container is measured.
  const [axisWidth, setAxisWidth] = useState<number | null>(null);
  const ticks = dayTicks(
    daily.map((entry) => entry.day),
    axisWidth,
  );
  const total = daily.reduce((sum, day) => sum + day.successes + day.failures, 0);
  const failures = daily.reduce((sum, day) => sum + day.failures, 0);
  const first = daily[0];
  const last = daily.at(-1);
  const description =
    first && last
      ? `Requests per day from ${formatDay(first.day)} to ${formatDay(last.day)} (UTC): ${total} in total, ${failures} failed.`
      : "Requests per day.";

  return (
    <figure className="grid gap-2">
      <div role="img" aria-label={description} className="h-52 w-full">
        <ResponsiveContainer
          width="100%"
          height="100%"
          onResize={(width) => setAxisWidth(width - Y_AXIS_WIDTH - MARGIN.left - MARGIN.right)}
        >
          <BarChart data={daily} margin={MARGIN} barCategoryGap={2}>
            <CartesianGrid vertical={false} stroke="var(--border)" />
            <XAxis
              dataKey="day"
              tickFormatter={formatDay}
              ticks={ticks}
              // Every given tick is drawn: they are already spaced to fit.
              interval={0}
              tickLine={false}
              axisLine={false}
              tick={{ fontSize: 11, fill: "var(--muted-foreground)" }}
            />
            <YAxis
              allowDecimals={false}
              tickLine={false}
              axisLine={false}
              width={Y_AXIS_WIDTH}
              tick={{ fontSize: 11, fill: "var(--muted-foreground)" }}
            />
            <Tooltip
              cursor={{ fill: "var(--muted)" }}
              labelFormatter={(day) => `${formatDay(String(day))} (UTC)`}
              contentStyle={{
                borderRadius: 8,
                border: "1px solid var(--border)",
                fontSize: 12,
                boxShadow: "0 4px 12px rgb(0 0 0 / 0.08)",
              }}
            />
            <Legend
              iconType="circle"
              iconSize={8}
              itemSorter={null}
              wrapperStyle={{ fontSize: 12 }}
            />
            <Bar dataKey="successes" name="Successful" stackId="requests" fill="var(--success)" />
            <Bar
              dataKey="failures"
              name="Failed"
              stackId="requests"
              fill="var(--destructive)"
              radius={[2, 2, 0, 0]}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">{description}</figcaption>
    </figure>
  );
}
