import { describe, expect, it } from "vitest";
import { dayTicks, MIN_TICK_SPACING_PX, tickStep } from "./chart-ticks";

/** "2026-11-01" … for `count` consecutive UTC days. */
function days(count: number, from = "2026-10-31"): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: count }, (_, index) =>
    new Date(start + index * 86_400_000).toISOString().slice(0, 10),
  );
}

function gaps(ticks: string[]): number[] {
  return ticks
    .slice(1)
    .map((day, index) => (Date.parse(day) - Date.parse(ticks[index]!)) / 86_400_000);
}

describe("tickStep", () => {
  it("labels every day when there is room, and fewer as the chart narrows", () => {
    expect(tickStep(7, 1000)).toBe(1);
    expect(tickStep(30, 1100)).toBe(2);
    expect(tickStep(30, 700)).toBe(3);
    expect(tickStep(30, 340)).toBe(5);
    expect(tickStep(30, 250)).toBe(7);
    expect(tickStep(30, 60)).toBe(14);
  });

  it("labels weekly until the width is known", () => {
    expect(tickStep(30, null)).toBe(7);
    expect(tickStep(30, 0)).toBe(7);
  });
});

describe("dayTicks", () => {
  it("spaces the labels evenly and always labels the newest day", () => {
    const month = days(30);
    for (const width of [250, 340, 700, 1100]) {
      const ticks = dayTicks(month, width);
      expect(ticks.at(-1)).toBe(month.at(-1));
      expect(new Set(gaps(ticks)).size, `width ${width}`).toBe(1);
      expect(ticks.length * MIN_TICK_SPACING_PX).toBeLessThanOrEqual(width);
    }
  });

  it("gives the expected days for a 30-day window at phone width", () => {
    expect(dayTicks(days(30), 340)).toEqual([
      "2026-11-04",
      "2026-11-09",
      "2026-11-14",
      "2026-11-19",
      "2026-11-24",
      "2026-11-29",
    ]);
  });

  it("handles one day and no days", () => {
    expect(dayTicks(["2026-11-29"], 300)).toEqual(["2026-11-29"]);
    expect(dayTicks([], 300)).toEqual([]);
  });
});
