import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { domainSchema } from "@/lib/validations/domain";
import { createTestOrganization, uniqueSuffix } from "@/test/factories";
import { getDomain, listDomains } from "./domains";

// listDomains has PostgreSQL serialize the page, while the single-domain endpoints build
// their JSON here with toDomainJson. A client must not be able to tell the two apart.

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
    const page = await listDomains(organizationId, { limit: 25 });
    const items: unknown = JSON.parse(page.itemsJson);
    const expected = await Promise.all(ids.map((id) => getDomain(organizationId, id)));
    expect(items).toEqual(expected);
    // Same text too: compact, same key order, same date format.
    expect(page.itemsJson).toBe(JSON.stringify(expected));
    for (const item of expected) expect(domainSchema.parse(item)).toEqual(item);
    expect(page.itemCount).toBe(3);
    expect(page.pagination).toEqual({ limit: 25, nextCursor: null, hasMore: false });
  });

  it("pages with a cursor that resumes after the last item shown", async () => {
    const first = await listDomains(organizationId, { limit: 2 });
    expect((JSON.parse(first.itemsJson) as Array<{ id: string }>).map((d) => d.id)).toEqual(
      ids.slice(0, 2),
    );
    expect(first.itemCount).toBe(2);
    expect(first.pagination.hasMore).toBe(true);
    const cursor = first.pagination.nextCursor;
    expect(cursor).toEqual(expect.any(String));

    const second = await listDomains(organizationId, { limit: 2, cursor: cursor! });
    expect((JSON.parse(second.itemsJson) as Array<{ id: string }>).map((d) => d.id)).toEqual(
      ids.slice(2),
    );
    expect(second.itemCount).toBe(1);
    expect(second.pagination).toEqual({ limit: 2, nextCursor: null, hasMore: false });
  });

  it("an exactly full last page says there is no more", async () => {
    const page = await listDomains(organizationId, { limit: 3 });
    expect(page.itemCount).toBe(3);
    expect(page.pagination).toEqual({ limit: 3, nextCursor: null, hasMore: false });
  });

  it("an organization without domains gets an empty array", async () => {
    const empty = await createTestOrganization();
    const page = await listDomains(empty.id, { limit: 25 });
    expect(page.itemsJson).toBe("[]");
    expect(page.itemCount).toBe(0);
    expect(page.pagination).toEqual({ limit: 25, nextCursor: null, hasMore: false });
  });
});
