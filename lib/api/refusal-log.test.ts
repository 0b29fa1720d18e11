import { describe, expect, it } from "vitest";
import { RefusalLog, type RefusedRequestEntry } from "@/lib/api/refusal-log";
import { minuteClock } from "@/lib/rate-limit/test-stores";
import type { RefusalReason } from "@/lib/refusal-reasons";
import type { RequestLogEntry } from "@/lib/services/logs/types";

function harness(loggedInFull = 3, maxTrackedTokens = 100) {
  const clock = minuteClock(1_000);
  const written: RequestLogEntry[] = [];
  const log = new RefusalLog({
    loggedInFull,
    windowMs: 60_000,
    maxTrackedTokens,
    now: clock.now,
    write: async (entry) => {
      written.push(entry);
    },
  });
  let sequence = 0;
  const refuse = (tokenId: string, reason: RefusalReason, clientIp = "192.0.2.1") => {
    sequence += 1;
    const entry: RefusedRequestEntry = {
      createdAt: clock.now(),
      organizationId: "org",
      tokenId,
      tokenName: `name of ${tokenId}`,
      method: "GET",
      path: `/api/v1/domains?n=${sequence}`,
      status: reason === "rate_limited" ? 429 : 401,
      clientIp,
      userAgent: null,
      durationMs: 3,
      requestSummary: null,
      responseSummary: "unauthorized",
      errorCode: reason === "rate_limited" ? "rate_limited" : "unauthorized",
      requestId: `req-${sequence}`,
      refusalReason: reason,
      afterRotation: false,
      operation: null,
      scope: null,
    };
    return log.record(entry);
  };
  return { clock, written, log, refuse };
}

describe("RefusalLog", () => {
  it("writes a token's first refusals of the minute in full and summarizes the rest per reason", async () => {
    const { clock, written, log, refuse } = harness();
    for (let i = 0; i < 10; i += 1) await refuse("t1", "token_revoked", `192.0.2.${i % 4}`);
    for (let i = 0; i < 2; i += 1) await refuse("t1", "rate_limited");
    await refuse("t2", "token_expired");
    expect(written.map((entry) => `${entry.tokenId} ${entry.path}`)).toEqual([
      "t1 /api/v1/domains?n=1",
      "t1 /api/v1/domains?n=2",
      "t1 /api/v1/domains?n=3",
      "t2 /api/v1/domains?n=13",
    ]);

    // Nothing more until the minute is over; then one row per token and reason.
    await log.flush();
    expect(written).toHaveLength(4);
    clock.advance(60_000);
    await log.flush();
    expect(written.slice(4)).toMatchObject([
      {
        tokenId: "t1",
        refusalReason: "token_revoked",
        status: 401,
        path: "/api/v1/domains?n=4",
        requestId: "req-4",
        requestSummary:
          "7 more requests refused for this reason in this minute, from 4 IP addresses (summarized in this row)",
      },
      {
        tokenId: "t1",
        refusalReason: "rate_limited",
        status: 429,
        requestSummary:
          "2 more requests refused for this reason in this minute, from 1 IP address (summarized in this row)",
      },
    ]);

    // A new minute starts a new allowance.
    await refuse("t1", "token_revoked");
    expect(written).toHaveLength(7);
  });

  it("writes the finished minute's summary when the token is refused again later", async () => {
    const { clock, written, refuse } = harness(1);
    await refuse("t1", "token_revoked");
    await refuse("t1", "token_revoked");
    clock.advance(120_000);
    await refuse("t1", "token_revoked");
    expect(written.map((entry) => entry.requestSummary?.slice(0, 6) ?? "full")).toEqual([
      "full",
      "1 more",
      "full",
    ]);
  });

  it("stays bounded in memory: past the tracked tokens, refusals are written in full", async () => {
    const { written, log, refuse } = harness(1, 2);
    for (const token of ["a", "b", "c", "c"]) await refuse(token, "token_revoked");
    expect(written).toHaveLength(4);
    await log.flush({ includeCurrentWindow: true });
    expect(written).toHaveLength(4);
  });
});
