import { beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext, TokenPrincipal } from "@/lib/auth/principal";
import { db } from "@/lib/db";
import { createApiToken, createDomainRow } from "@/test/api/helpers";
import { expectAppError } from "@/test/expect-app-error";
import { createTestOrganization } from "@/test/factories";
import { memberContext, tokenContext } from "@/test/principals";
import { DOMAIN_CREATE_NEEDS_ALL_DOMAINS_MESSAGE } from "./domain-access";
import { createDomain, deleteDomain, getDomain, listDomains } from "./domains";

// Per-domain scoping on every domain operation, for a token as a request hands it to the
// service (its lookup's reading, `seen`) and as a job or test builds it (read again).

async function scopedToken(organizationId: string, domainIds: string[] | null) {
  const { row } = await createApiToken({ organizationId, name: "Scoped", domainIds });
  const seen = await tokenContext(row.id);
  const unseen: ServiceContext<TokenPrincipal> = {
    organizationId,
    principal: { kind: "token", tokenId: row.id, tokenName: "Scoped", ip: null },
  };
  return { row, contexts: [seen, unseen] as const };
}

const idsOf = (json: string) => (JSON.parse(json) as Array<{ id: string }>).map((d) => d.id);

describe("a token limited to selected domains", () => {
  let organizationId: string;
  let domains: { id: string; name: string }[];

  beforeAll(async () => {
    organizationId = (await createTestOrganization({ plan: "PRO" })).id;
    domains = [];
    for (let index = 0; index < 5; index += 1) {
      const created = await createDomainRow(organizationId);
      // Distinct creation times, newest last, so the list order is known.
      await db.domain.update({
        where: { id: created.id },
        data: { createdAt: new Date(Date.UTC(2026, 10, 1, 0, 0, index)) },
      });
      domains.push(created);
    }
  });

  it("lists only its domains, and pages through them with a correct cursor", async () => {
    // Selected: the 1st, 3rd and 5th (newest first: 5th, 3rd, 1st).
    const selected = [domains[0]!.id, domains[2]!.id, domains[4]!.id];
    const { contexts } = await scopedToken(organizationId, selected);
    for (const ctx of contexts) {
      const first = await listDomains(ctx, { limit: 2 });
      expect(idsOf(first.itemsJson)).toEqual([domains[4]!.id, domains[2]!.id]);
      expect(first.pagination.hasMore).toBe(true);
      const second = await listDomains(ctx, { limit: 2, cursor: first.pagination.nextCursor! });
      expect(idsOf(second.itemsJson)).toEqual([domains[0]!.id]);
      expect(second.pagination).toEqual({ limit: 2, nextCursor: null, hasMore: false });
      const all = await listDomains(ctx, { limit: 3 });
      expect(all.pagination.hasMore).toBe(false);
      expect(all.itemCount).toBe(3);
    }
  });

  it("reads a selected domain and answers 404 for another, as for one that does not exist", async () => {
    const { contexts } = await scopedToken(organizationId, [domains[1]!.id.toUpperCase()]);
    for (const ctx of contexts) {
      expect((await getDomain(ctx, domains[1]!.id)).id).toBe(domains[1]!.id);
      const other = await expectAppError(getDomain(ctx, domains[2]!.id), "not_found");
      const missing = await expectAppError(
        getDomain(ctx, "00000000-0000-4000-8000-000000000000"),
        "not_found",
      );
      expect(other.message).toBe(missing.message);
    }
  });

  it("cannot delete an unselected domain (404) and can delete a selected one", async () => {
    const victim = await createDomainRow(organizationId);
    const kept = await createDomainRow(organizationId);
    const { contexts } = await scopedToken(organizationId, [victim.id]);
    for (const ctx of contexts) {
      await expectAppError(deleteDomain(ctx, { id: kept.id }), "not_found");
    }
    expect(await db.domain.count({ where: { id: kept.id } })).toBe(1);
    await deleteDomain(contexts[0], { id: victim.id });
    expect(await db.domain.count({ where: { id: victim.id } })).toBe(0);
  });

  it("cannot add a domain: 403 saying it needs all domains", async () => {
    const { contexts } = await scopedToken(organizationId, [domains[0]!.id]);
    for (const ctx of contexts) {
      await expectAppError(
        createDomain(ctx, { name: `new-${Date.now()}.example` }),
        "forbidden",
        DOMAIN_CREATE_NEEDS_ALL_DOMAINS_MESSAGE,
      );
    }
  });

  it("with an empty selection reaches no domain at all", async () => {
    const { contexts } = await scopedToken(organizationId, []);
    for (const ctx of contexts) {
      const page = await listDomains(ctx, { limit: 25 });
      expect(page.itemsJson).toBe("[]");
      expect(page.pagination.hasMore).toBe(false);
      await expectAppError(getDomain(ctx, domains[0]!.id), "not_found");
      await expectAppError(deleteDomain(ctx, { id: domains[0]!.id }), "not_found");
    }
  });

  it("with all domains (null) reaches every domain and may add one", async () => {
    const { contexts } = await scopedToken(organizationId, null);
    const page = await listDomains(contexts[0], { limit: 100 });
    expect(idsOf(page.itemsJson)).toEqual(expect.arrayContaining(domains.map((d) => d.id)));
    const created = await createDomain(contexts[1], { name: `all-${Date.now()}.example` });
    expect((await getDomain(contexts[0], created.id)).id).toBe(created.id);
  });
});

describe("deleting a selected domain", () => {
  it("removes it from every selection; the last one leaves the selection empty, never all", async () => {
    const organizationId = (await createTestOrganization({ plan: "PRO" })).id;
    const a = await createDomainRow(organizationId);
    const b = await createDomainRow(organizationId);
    const { row: onlyA } = await createApiToken({ organizationId, domainIds: [a.id] });
    const { row: both } = await createApiToken({ organizationId, domainIds: [a.id, b.id] });
    const { row: all } = await createApiToken({ organizationId });

    await deleteDomain(await memberContext(organizationId, "ADMIN"), { id: a.id });

    const read = async (id: string) =>
      (await db.apiToken.findUniqueOrThrow({ where: { id }, select: { domainIds: true } }))
        .domainIds;
    expect(await read(onlyA.id)).toEqual([]);
    expect(await read(both.id)).toEqual([b.id]);
    expect(await read(all.id)).toBeNull();

    // The emptied token reaches nothing, b included.
    const ctx = await tokenContext(onlyA.id);
    expect((await listDomains(ctx, { limit: 25 })).itemsJson).toBe("[]");
    await expectAppError(getDomain(ctx, b.id), "not_found");
  });
});
