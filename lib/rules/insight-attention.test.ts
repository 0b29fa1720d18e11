import { describe, expect, it } from "vitest";
import {
  attentionCauses,
  dismissalCookieValue,
  isAttentionDismissed,
  tokensNeedingAttention,
} from "./insight-attention";
import type { TokenInsight } from "./insight-rules";

const USER = "0193a2c4-0000-7000-8000-000000000001";
const A = { id: "0193a2c4-0000-7000-8000-00000000000a", name: "Deploy bot" };
const B = { id: "0193a2c4-0000-7000-8000-00000000000b", name: "Zapier" };

function insight(tokenId: string, overrides: Partial<TokenInsight> = {}): TokenInsight {
  return {
    tokenId,
    unused: null,
    expiresInDays: null,
    expiresAt: null,
    deniedLast24h: 0,
    lastDeniedReason: null,
    ...overrides,
  };
}

function causesOf(insights: TokenInsight[]) {
  const byId = new Map(insights.map((item) => [item.tokenId, item]));
  return attentionCauses(tokensNeedingAttention(byId, [A, B]));
}

const unusedA = insight(A.id, { unused: { reason: "never_used", createdAt: new Date(0) } });
const deniedB = insight(B.id, { deniedLast24h: 3, lastDeniedReason: "ip_not_allowed" });

describe("tokensNeedingAttention", () => {
  it("groups the listed tokens by what needs attention and ignores the rest", () => {
    const groups = tokensNeedingAttention(
      { [A.id]: unusedA, [B.id]: deniedB, other: insight("other", { deniedLast24h: 1 }) },
      [A, B],
    );
    expect(groups.unused.map((row) => row.token.name)).toEqual(["Deploy bot"]);
    expect(groups.expiring).toEqual([]);
    expect(groups.denied.map((row) => row.token.name)).toEqual(["Zapier"]);
  });

  it("has no causes when all is well", () => {
    expect(causesOf([insight(A.id), insight(B.id)])).toEqual([]);
  });
});

describe("remembering a dismissed notice", () => {
  const dismissedCauses = causesOf([unusedA, deniedB]);
  const cookie = dismissalCookieValue(USER, dismissedCauses);

  it("stays dismissed for the same causes, more denials of the same kind included", () => {
    expect(isAttentionDismissed(cookie, USER, dismissedCauses)).toBe(true);
    const moreDenials = { ...deniedB, deniedLast24h: 40 };
    expect(isAttentionDismissed(cookie, USER, causesOf([unusedA, moreDenials]))).toBe(true);
  });

  it("stays dismissed when a cause goes away", () => {
    expect(isAttentionDismissed(cookie, USER, causesOf([unusedA]))).toBe(true);
  });

  it("comes back for a new cause: another token, or a new reason for denials", () => {
    const expiringA = { ...unusedA, expiresInDays: 2 };
    expect(isAttentionDismissed(cookie, USER, causesOf([expiringA, deniedB]))).toBe(false);
    const revokedB = { ...deniedB, lastDeniedReason: "token_revoked" };
    expect(isAttentionDismissed(cookie, USER, causesOf([unusedA, revokedB]))).toBe(false);
  });

  it("belongs to the user who dismissed it", () => {
    const someoneElse = "0193a2c4-0000-7000-8000-000000000002";
    expect(isAttentionDismissed(cookie, someoneElse, dismissedCauses)).toBe(false);
    expect(isAttentionDismissed(undefined, USER, dismissedCauses)).toBe(false);
    expect(isAttentionDismissed("garbage", USER, dismissedCauses)).toBe(false);
  });

  it("fits a cookie: a short fingerprint per cause", () => {
    expect(dismissedCauses).toHaveLength(2);
    for (const cause of dismissedCauses) expect(cause).toMatch(/^[0-9a-z]{1,7}$/);
  });
});
