import { describe, expect, it } from "vitest";
import { formatRelativeTime } from "@/components/time/format";

const at = (iso: string) => new Date(iso);

describe("formatRelativeTime", () => {
  const now = at("2026-11-22T12:00:00Z");
  it.each([
    ["2026-11-22T11:59:30Z", "just now"],
    ["2026-11-22T11:55:00Z", "5 minutes ago"],
    ["2026-11-22T09:00:00Z", "3 hours ago"],
    ["2026-11-21T10:00:00Z", "yesterday"],
    ["2026-10-01T12:00:00Z", "last month"],
    ["2026-12-22T12:00:00Z", "next month"],
  ])("%s is %s", (iso, expected) => {
    expect(formatRelativeTime(at(iso), now)).toBe(expected);
  });
});
