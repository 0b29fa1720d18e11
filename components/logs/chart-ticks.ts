// The time axis of the activity chart: which days get a label. Recharts' own choice
// (interval "preserveEnd" with a minimum gap) skips labels unevenly, so the chart passes
// explicit ticks: every Nth day, counted back from the newest so today is always labelled,
// with N the smallest step whose labels fit the chart's width.

/** Steps between labelled days, smallest first: daily, every other day, …, fortnightly. */
export const TICK_STEPS = [1, 2, 3, 5, 7, 14] as const;

/** Room one label needs ("Nov 29" at 11 px plus a gap). */
export const MIN_TICK_SPACING_PX = 48;

/** The step for `dayCount` days across `widthPx` pixels (weekly until the width is known). */
export function tickStep(dayCount: number, widthPx: number | null): number {
  if (widthPx === null || widthPx <= 0) return 7;
  const fitting = Math.max(1, Math.floor(widthPx / MIN_TICK_SPACING_PX));
  return TICK_STEPS.find((step) => Math.ceil(dayCount / step) <= fitting) ?? TICK_STEPS.at(-1)!;
}

/** The labelled days, oldest first: the newest day and every `step`th day before it. */
export function dayTicks(days: readonly string[], widthPx: number | null): string[] {
  const step = tickStep(days.length, widthPx);
  const last = days.length - 1;
  return days.filter((_day, index) => (last - index) % step === 0);
}
