import { describe, expect, it } from "vitest";
import { formatUtcDate } from "@/components/time/format";
import {
  addDaysToDateInput,
  daysUntil,
  describeDateInput,
  describeExpiresIn,
} from "@/components/tokens/format";

const at = (iso: string) => new Date(iso);

describe("expiry wording", () => {
  it("counts calendar days in UTC, whatever the hour of today", () => {
    const expiresAt = at("2026-11-25T00:00:00Z");
    expect(daysUntil(expiresAt, at("2026-11-22T00:00:01Z"))).toBe(3);
    expect(daysUntil(expiresAt, at("2026-11-22T23:59:59Z"))).toBe(3);
    expect(describeExpiresIn(expiresAt, at("2026-11-22T13:00:00Z"))).toBe("Expires in 3 days");
  });

  it("switches to hours on the last day", () => {
    const expiresAt = at("2026-11-25T00:00:00Z");
    expect(describeExpiresIn(expiresAt, at("2026-11-24T19:30:00Z"))).toBe("Expires in 5 hours");
    expect(describeExpiresIn(expiresAt, at("2026-11-24T23:59:30Z"))).toBe("Expires in 1 hour");
  });

  it("shows the chosen date itself, not the evening before in a western time zone", () => {
    expect(formatUtcDate(at("2026-12-01T00:00:00Z"))).toBe("Dec 1, 2026");
    expect(describeDateInput("2099-01-31")).toBe("Saturday, January 31, 2099");
    expect(describeDateInput("2026-02-30")).toBeNull();
    expect(describeDateInput("")).toBeNull();
  });

  it("computes presets from the UTC date", () => {
    expect(addDaysToDateInput(at("2026-11-22T23:30:00Z"), 30)).toBe("2026-12-22");
    expect(addDaysToDateInput(at("2026-12-31T01:00:00Z"), 1)).toBe("2027-01-01");
  });
});
