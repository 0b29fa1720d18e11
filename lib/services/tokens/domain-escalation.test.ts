import { describe, expect, it } from "vitest";
import type { TokenPrincipal } from "@/lib/auth/principal";
import { createDomainRow } from "@/test/api/helpers";
import { expectAppError } from "@/test/expect-app-error";
import { createTestOrganization, createTestTenant } from "@/test/factories";
import { escalationViolation, type TokenGrant } from "./escalation";
import { createToken, rotateToken, updateToken } from "./index";

// Per-domain scoping and no escalation: a token limited to some domains hands out tokens
// only within them (create, edit, rotate), and every selection names the organization's own
// domains.

const A = "0193a000-0000-7000-8000-00000000000a";
const B = "0193a000-0000-7000-8000-00000000000b";

describe("escalationViolation on domains", () => {
  const ceiling: TokenGrant = {
    scopes: ["tokens:write"],
    ipAllowlist: [],
    expiresAt: null,
    domainIds: [A],
  };
  const proposed = { ...ceiling };

  it("allows a selection within its own, the empty one included", () => {
    expect(escalationViolation(ceiling, proposed)).toBeNull();
    expect(escalationViolation(ceiling, { ...proposed, domainIds: [] })).toBeNull();
    expect(
      escalationViolation({ ...ceiling, domainIds: null }, { ...proposed, domainIds: null }),
    ).toBeNull();
  });

  it("refuses all domains and a domain outside its selection", () => {
    expect(escalationViolation(ceiling, { ...proposed, domainIds: null })).toBe(
      "A token limited to selected domains cannot grant access to all domains: select domains within this token's.",
    );
    expect(escalationViolation(ceiling, { ...proposed, domainIds: [A, B] })).toBe(
      `A token cannot grant a domain it cannot reach: domain ${B} is not among this token's domains.`,
    );
    expect(
      escalationViolation({ ...ceiling, domainIds: [] }, { ...proposed, domainIds: [A] }),
    ).toMatch(/^A token cannot grant a domain it cannot reach/);
  });
});

async function tenant() {
  const { organization, user } = await createTestTenant({ plan: "PRO" });
  const organizationId = organization.id;
  const member = {
    principal: { kind: "user" as const, userId: user.id, ip: null },
    organizationId,
  };
  const [one, two] = [await createDomainRow(organizationId), await createDomainRow(organizationId)];
  const caller = await createToken(member, {
    name: "Scoped caller",
    scopes: ["domains:read", "tokens:write"],
    domainIds: [one.id],
  });
  const actor: TokenPrincipal = {
    kind: "token",
    tokenId: caller.summary.id,
    tokenName: "Scoped caller",
    ip: null,
  };
  return { organizationId, member, one, two, scoped: { principal: actor, organizationId } };
}

async function forbidden(promise: Promise<unknown>): Promise<string> {
  const error = await expectAppError(promise, "forbidden");
  return error.message;
}

describe("a token limited to selected domains managing tokens", () => {
  it("creates a token within its selection (stored and answered), but not one for all or other domains", async () => {
    const { scoped, one, two } = await tenant();
    const created = await createToken(scoped, {
      name: "Child",
      scopes: ["domains:read"],
      domainIds: [one.id],
    });
    expect(created.summary.domainIds).toEqual([one.id]);
    const empty = await createToken(scoped, {
      name: "Empty",
      scopes: ["domains:read"],
      domainIds: [],
    });
    expect(empty.summary.domainIds).toEqual([]);
    expect(await forbidden(createToken(scoped, { name: "All", scopes: ["domains:read"] }))).toMatch(
      /cannot grant access to all domains/,
    );
    expect(
      await forbidden(
        createToken(scoped, { name: "Other", scopes: ["domains:read"], domainIds: [two.id] }),
      ),
    ).toMatch(/cannot grant a domain it cannot reach/);
  });

  it("edits only within its selection: widening, or touching a token of other domains, is refused", async () => {
    const { scoped, member, one, two } = await tenant();
    const child = await createToken(scoped, {
      name: "Child",
      scopes: ["domains:read"],
      domainIds: [one.id],
    });
    expect(
      await forbidden(
        updateToken(scoped, { tokenId: child.summary.id, domainIds: [one.id, two.id] }),
      ),
    ).toMatch(/cannot reach/);
    expect(
      await forbidden(updateToken(scoped, { tokenId: child.summary.id, domainIds: null })),
    ).toMatch(/all domains/);
    const narrowed = await updateToken(scoped, { tokenId: child.summary.id, domainIds: [] });
    expect(narrowed.domainIds).toEqual([]);
    // A token of all domains made by a member: even a rename would leave it beyond the caller.
    const wide = await createToken(member, { name: "Wide", scopes: ["domains:read"] });
    expect(
      await forbidden(updateToken(scoped, { tokenId: wide.summary.id, name: "Renamed" })),
    ).toMatch(/all domains/);
  });

  it("rotates within its selection: the successor keeps it, and no rotation widens it", async () => {
    const { scoped, member, one, two } = await tenant();
    const child = await createToken(scoped, {
      name: "Child",
      scopes: ["domains:read"],
      domainIds: [one.id],
    });
    const rotation = { gracePeriodSeconds: 0, expireOnFirstUse: false };
    expect(
      await forbidden(
        rotateToken(scoped, { tokenId: child.summary.id, ...rotation, domainIds: [two.id] }),
      ),
    ).toMatch(/cannot reach/);
    expect(
      await forbidden(
        rotateToken(scoped, { tokenId: child.summary.id, ...rotation, domainIds: null }),
      ),
    ).toMatch(/all domains/);
    const rotated = await rotateToken(scoped, { tokenId: child.summary.id, ...rotation });
    expect(rotated.summary.domainIds).toEqual([one.id]);
    const wide = await createToken(member, { name: "Wide", scopes: ["domains:read"] });
    expect(await forbidden(rotateToken(scoped, { tokenId: wide.summary.id, ...rotation }))).toMatch(
      /all domains/,
    );
  });
});

describe("a member choosing domains", () => {
  it("selects, narrows and rotates freely, and refuses unknown or another organization's ids with 422", async () => {
    const { member, one, two } = await tenant();
    const foreign = await createDomainRow((await createTestOrganization()).id);
    const token = await createToken(member, {
      name: "T",
      scopes: ["domains:read"],
      domainIds: [two.id, one.id],
    });
    expect(token.summary.domainIds).toEqual([one.id, two.id].sort());
    for (const domainIds of [[foreign.id], ["0193a000-0000-7000-8000-0000000000ff"]]) {
      const error = await expectAppError(
        createToken(member, { name: "X", domainIds }),
        "validation_error",
      );
      expect(error.fieldErrors?.domainIds?.[0]).toBe(
        `No domain of this organization has the id ${domainIds[0]}`,
      );
      await expectAppError(
        updateToken(member, { tokenId: token.summary.id, domainIds }),
        "validation_error",
      );
      await expectAppError(
        rotateToken(member, {
          tokenId: token.summary.id,
          gracePeriodSeconds: 0,
          expireOnFirstUse: false,
          domainIds,
        }),
        "validation_error",
      );
    }
    const all = await updateToken(member, { tokenId: token.summary.id, domainIds: null });
    expect(all.domainIds).toBeNull();
    const rotated = await rotateToken(member, {
      tokenId: token.summary.id,
      gracePeriodSeconds: 0,
      expireOnFirstUse: false,
      domainIds: [two.id],
    });
    expect(rotated.summary.domainIds).toEqual([two.id]);
  });
});
