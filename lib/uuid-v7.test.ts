import { describe, expect, it } from "vitest";
import { z } from "zod";
import { uuidV7 } from "@/lib/uuid-v7";

describe("uuidV7", () => {
  it("is a valid version-7 UUID carrying the timestamp", () => {
    const id = uuidV7(Date.UTC(2026, 10, 22, 12, 0, 0));
    expect(z.uuid({ version: "v7" }).safeParse(id).success).toBe(true);
    expect(Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(
      Date.UTC(2026, 10, 22, 12, 0, 0),
    );
  });

  it("sorts by creation time across milliseconds and never repeats", () => {
    const earlier = uuidV7(1_000);
    const later = uuidV7(1_001);
    expect(earlier < later).toBe(true);
    const ids = new Set(Array.from({ length: 10_000 }, () => uuidV7()));
    expect(ids.size).toBe(10_000);
  });
});
