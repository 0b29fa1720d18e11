import { describe, expect, it } from "vitest";
import { webhookEventsForAudit } from "./from-audit";

// Which webhook events an audit event becomes: always audit.event, plus the named event
// for the token and member actions.

const base = {
  id: "01937a2c-0000-7000-8000-000000000003",
  organizationId: "01937a2c-0000-7000-8000-000000000001",
  actorId: "01937a2c-0000-7000-8000-000000000002",
  actorTokenId: null,
  targetType: "user",
  targetId: "01937a2c-0000-7000-8000-000000000009",
  metadata: { role: "MEMBER" },
  createdAt: new Date("2026-12-08T10:00:00.000Z"),
};

describe("webhookEventsForAudit", () => {
  it.each([
    ["member.joined", ["audit.event", "member.joined"]],
    ["member.removed", ["audit.event", "member.removed"]],
    ["token.revoked", ["audit.event", "token.revoked"]],
    ["member.role_changed", ["audit.event"]],
    ["user.signed_in", ["audit.event"]],
  ])("%s becomes %j", (action, types) => {
    expect(webhookEventsForAudit({ ...base, action }).map((event) => event.type)).toEqual(types);
  });

  it("names the subject by kind and the actor by type", () => {
    const [, member] = webhookEventsForAudit({ ...base, action: "member.joined" });
    expect(member?.data).toMatchObject({
      userId: base.targetId,
      actor: { type: "user", id: base.actorId },
      metadata: { role: "MEMBER" },
    });
    const [, token] = webhookEventsForAudit({
      ...base,
      action: "token.revoked",
      actorId: null,
      targetType: "api_token",
    });
    expect(token?.data).toMatchObject({
      tokenId: base.targetId,
      actor: { type: "system", id: null },
    });
  });
});
