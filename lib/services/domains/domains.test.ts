import { beforeAll, describe, expect, it } from "vitest";
import type { TokenPrincipal } from "@/lib/auth/principal";
import { db } from "@/lib/db";
import { domainSchema } from "@/lib/validations/domain";
import { createApiToken } from "@/test/api/helpers";
import { createTestOrganization, createTestUser, uniqueSuffix } from "@/test/factories";
import { memberContext } from "@/test/principals";
import { createDomain, deleteDomain, getDomain, listDomains } from "./domains";

/** A new organization and a token of it (domains:read and domains:write) acting there. */
async function tenantWithActor(): Promise<{ organizationId: string; actor: TokenPrincipal }> {
  const organizationId = (await createTestOrganization()).id;
  const { row } = await createApiToken({ organizationId, name: "CI" });
  return {
    organizationId,
    actor: { kind: "token", tokenId: row.id, tokenName: "CI", ip: "192.0.2.7" },
  };
}

// PostgreSQL serializes every domain from one declaration keyed by domainSchema. A page of
// the list and the single-domain endpoint must be indistinguishable, and both exactly
// what the schema (and so the OpenAPI document) describes.

describe("listDomains", () => {
  let organizationId: string;
  const ids: string[] = [];

  beforeAll(async () => {
    organizationId = (await createTestOrganization()).id;
    const base = Date.UTC(2026, 10, 20, 9, 30, 0, 0);
    const variants = [
      // Every status, a policy, a check time with milliseconds, and the null cases.
      { spfStatus: "PASS", dkimStatus: "FAIL", dmarcStatus: "PENDING", dmarcPolicy: "reject" },
      { spfStatus: "FAIL", dkimStatus: "PASS", dmarcStatus: "PASS", dmarcPolicy: 'quo"te\\' },
      { spfStatus: "PENDING", dkimStatus: "PENDING", dmarcStatus: "FAIL", dmarcPolicy: null },
    ] as const;
    for (const [index, variant] of variants.entries()) {
      const domain = await db.domain.create({
        data: {
          organizationId,
          name: `list-${index}-${uniqueSuffix()}.example`,
          ...variant,
          lastCheckedAt: index === 2 ? null : new Date(base + 7 + index),
          createdAt: new Date(base - index * 1_000 - 1),
        },
      });
      ids.push(domain.id);
    }
  });

  it("serializes each item exactly as the single-domain endpoint does", async () => {
    const reader = await memberContext(organizationId);
    const page = await listDomains(reader, { limit: 25 });
    const items: unknown = JSON.parse(page.itemsJson);
    const expected = await Promise.all(ids.map((id) => getDomain(reader, id)));
    expect(items).toEqual(expected);
    // Same text too: compact, same key order, same date format.
    expect(page.itemsJson).toBe(JSON.stringify(expected));
    for (const item of expected) expect(domainSchema.parse(item)).toEqual(item);
    expect(page.itemCount).toBe(3);
    expect(page.pagination).toEqual({ limit: 25, nextCursor: null, hasMore: false });
  });

  it("pages with a cursor that resumes after the last item shown", async () => {
    const first = await listDomains(await memberContext(organizationId), { limit: 2 });
    expect((JSON.parse(first.itemsJson) as Array<{ id: string }>).map((d) => d.id)).toEqual(
      ids.slice(0, 2),
    );
    expect(first.itemCount).toBe(2);
    expect(first.pagination.hasMore).toBe(true);
    const cursor = first.pagination.nextCursor;
    expect(cursor).toEqual(expect.any(String));

    const second = await listDomains(await memberContext(organizationId), {
      limit: 2,
      cursor: cursor!,
    });
    expect((JSON.parse(second.itemsJson) as Array<{ id: string }>).map((d) => d.id)).toEqual(
      ids.slice(2),
    );
    expect(second.itemCount).toBe(1);
    expect(second.pagination).toEqual({ limit: 2, nextCursor: null, hasMore: false });
  });

  it("an exactly full last page says there is no more", async () => {
    const page = await listDomains(await memberContext(organizationId), { limit: 3 });
    expect(page.itemCount).toBe(3);
    expect(page.pagination).toEqual({ limit: 3, nextCursor: null, hasMore: false });
  });

  it("an organization without domains gets an empty array", async () => {
    const empty = await createTestOrganization();
    const page = await listDomains(await memberContext(empty.id), { limit: 25 });
    expect(page.itemsJson).toBe("[]");
    expect(page.itemCount).toBe(0);
    expect(page.pagination).toEqual({ limit: 25, nextCursor: null, hasMore: false });
  });
});

describe("domain JSON", () => {
  it("has exactly the schema's keys, in the schema's order", async () => {
    const { organizationId, actor } = await tenantWithActor();
    const created = await createDomain(
      { principal: actor, organizationId },
      { name: `shape-${uniqueSuffix()}.example` },
    );
    expect(Object.keys(created)).toEqual(Object.keys(domainSchema.shape));
    expect(domainSchema.parse(created)).toEqual(created);
  });
});

describe("domain writes and their audit events", () => {
  it("creates and deletes with exactly one audit event each, naming the token", async () => {
    const { organizationId, actor } = await tenantWithActor();
    const name = `audited-${uniqueSuffix()}.example`;
    const created = await createDomain({ principal: actor, organizationId }, { name });
    const deleted = await deleteDomain({ principal: actor, organizationId }, { id: created.id });
    expect(deleted).toEqual({ id: created.id, name });
    const events = await db.auditEvent.findMany({
      where: { organizationId, targetId: created.id },
      orderBy: { createdAt: "asc" },
    });
    expect(
      events.map((event) => [event.action, event.actorId, event.actorTokenId, event.metadata]),
    ).toEqual([
      ["domain.created", null, actor.tokenId, { name, tokenName: "CI" }],
      ["domain.deleted", null, actor.tokenId, { name, tokenName: "CI" }],
    ]);
    expect(events.map((event) => event.ip)).toEqual(["192.0.2.7", "192.0.2.7"]);
  });

  it("goes through the audit log's guard: token material in the event stops the whole write", async () => {
    const { organizationId, actor } = await tenantWithActor();
    const leaky = { ...actor, tokenName: `ms_${"A".repeat(43)}` };
    await expect(
      createDomain(
        { principal: leaky, organizationId },
        { name: `leaky-${uniqueSuffix()}.example` },
      ),
    ).rejects.toThrow(/token material/);
    // Atomic: neither the domain nor an event was written.
    expect(await db.domain.count({ where: { organizationId } })).toBe(0);
    expect(await db.auditEvent.count({ where: { organizationId } })).toBe(0);
  });

  it("answers 409 conflict for a name the organization already has", async () => {
    const { organizationId, actor } = await tenantWithActor();
    const name = `twice-${uniqueSuffix()}.example`;
    await createDomain({ principal: actor, organizationId }, { name });
    await expect(
      createDomain({ principal: actor, organizationId }, { name }),
    ).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("deletes only within the organization; a second delete is a 404", async () => {
    const { organizationId, actor } = await tenantWithActor();
    const other = await tenantWithActor();
    const created = await createDomain(
      { principal: actor, organizationId },
      { name: `mine-${uniqueSuffix()}.example` },
    );
    await expect(
      deleteDomain(
        { principal: other.actor, organizationId: other.organizationId },
        { id: created.id },
      ),
    ).rejects.toMatchObject({ code: "not_found" });
    // Nor may this organization's token act in the other one at all.
    await expect(
      deleteDomain({ principal: actor, organizationId: other.organizationId }, { id: created.id }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    await deleteDomain({ principal: actor, organizationId }, { id: created.id });
    await expect(
      deleteDomain({ principal: actor, organizationId }, { id: created.id }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

describe("who may write domains", () => {
  it("refuses, inside the service, a token without domains:write and a member without it", async () => {
    const organizationId = (await createTestOrganization()).id;
    const { row } = await createApiToken({ organizationId, scopes: ["domains:read"] });
    const readOnly = { kind: "token", tokenId: row.id, tokenName: row.name, ip: null } as const;
    const { user } = await createTestUser({ organizationId, role: "MEMBER" });
    const member = { kind: "user", userId: user.id, ip: null } as const;
    const name = `refused-${uniqueSuffix()}.example`;
    await expect(
      createDomain({ principal: readOnly, organizationId }, { name }),
    ).rejects.toMatchObject({
      code: "insufficient_scope",
    });
    await expect(
      createDomain({ principal: member, organizationId }, { name }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await db.domain.count({ where: { organizationId } })).toBe(0);
  });
});
