import { beforeAll, describe, expect, it } from "vitest";
import { getTokenOperation, updateTokenOperation } from "@/app/api/v1/tokens/[id]/operations";
import { revokeTokenOperation } from "@/app/api/v1/tokens/[id]/revoke/operations";
import { createTokenOperation } from "@/app/api/v1/tokens/operations";
import { getSelfTokenOperation } from "@/app/api/v1/tokens/self/operations";
import { earliestAllowedExpirationDate, expiryInstantFromDate } from "@/lib/auth/token-expiry";
import { db } from "@/lib/db";
import { createApiToken, readError } from "@/test/api/helpers";
import { callOperation } from "@/test/api/operation-fixtures";
import { createTestOrganization, uniqueSuffix } from "@/test/factories";

// No privilege escalation through /api/v1/tokens: a token creates and edits tokens only
// within its own grant (scopes, allowlist, expiry), acts only in its organization, and
// may always revoke itself, whatever its scopes. The rules themselves:
// lib/services/tokens/escalation.test.ts; here, what the API answers for each attempt.

const IP = "203.0.113.5";

/** A YYYY-MM-DD date `days` after the earliest one a new token may have. */
function dateIn(days: number): string {
  const date = expiryInstantFromDate(earliestAllowedExpirationDate());
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const CEILING_DATE = dateIn(10);
let organizationId: string;
let limited: string;

beforeAll(async () => {
  organizationId = (await createTestOrganization({ plan: "PRO" })).id;
  ({ token: limited } = await createApiToken({
    organizationId,
    scopes: ["tokens:write", "domains:read"],
    ipAllowlist: ["203.0.113.0/24"],
    expiresAt: expiryInstantFromDate(CEILING_DATE),
  }));
});

/** A body within the limited token's grant, with `overrides`. */
function within(overrides: object = {}) {
  return {
    name: `Child ${uniqueSuffix()}`,
    scopes: ["domains:read"],
    ipAllowlist: ["203.0.113.128/25"],
    expiresOn: CEILING_DATE,
    ...overrides,
  };
}

async function expectForbidden(response: Response, rule: string) {
  expect(response.status).toBe(403);
  const error = await readError(response);
  expect(error.code).toBe("forbidden");
  expect(error.message).toContain(rule);
}

const ATTEMPTS: Array<[string, object, string]> = [
  ["a scope it lacks", { scopes: ["domains:write"] }, 'lacks "domains:write"'],
  ["another resource's scope", { scopes: ["logs:read"] }, 'lacks "logs:read"'],
  ["no allowlist", { ipAllowlist: [] }, "cannot grant access from any IP"],
  ["a wider allowlist", { ipAllowlist: ["203.0.0.0/16"] }, "203.0.0.0/16 is not inside"],
  ["an allowlist elsewhere", { ipAllowlist: ["198.51.100.7"] }, "198.51.100.7/32 is not inside"],
  ["no expiry", { expiresOn: null }, "cannot grant a token that never expires"],
  ["a later expiry", { expiresOn: dateIn(11) }, "cannot grant a later expiry"],
];

describe("creating through the API", () => {
  it("creates a token within the caller's grant (write implies read)", async () => {
    const response = await callOperation(
      createTokenOperation,
      {},
      { token: limited, ip: IP, body: within({ scopes: ["tokens:read", "domains:read"] }) },
    );
    expect(response.status).toBe(201);
  });

  it.each(ATTEMPTS)(
    "refuses %s with 403 forbidden naming the rule",
    async (_label, change, rule) => {
      const before = await db.apiToken.count({ where: { organizationId } });
      const body = within(change);
      await expectForbidden(
        await callOperation(createTokenOperation, {}, { token: limited, ip: IP, body }),
        rule,
      );
      expect(await db.apiToken.count({ where: { organizationId } })).toBe(before);
    },
  );

  it("counts a field left out as its default: no allowlist, no expiry", async () => {
    const { ipAllowlist: _, ...noAllowlist } = within();
    await expectForbidden(
      await callOperation(createTokenOperation, {}, { token: limited, ip: IP, body: noAllowlist }),
      "cannot grant access from any IP",
    );
    const { expiresOn: __, ...noExpiry } = within();
    await expectForbidden(
      await callOperation(createTokenOperation, {}, { token: limited, ip: IP, body: noExpiry }),
      "never expires",
    );
  });
});

describe("editing through the API", () => {
  let childId: string;
  beforeAll(async () => {
    const response = await callOperation(
      createTokenOperation,
      {},
      { token: limited, ip: IP, body: within() },
    );
    childId = ((await response.json()) as { data: { id: string } }).data.id;
  });

  it.each(ATTEMPTS)(
    "refuses to give a token %s, changing nothing",
    async (_label, change, rule) => {
      const before = await db.apiToken.findUniqueOrThrow({ where: { id: childId } });
      await expectForbidden(
        await callOperation(
          updateTokenOperation,
          { id: childId },
          { token: limited, ip: IP, body: change },
        ),
        rule,
      );
      expect(await db.apiToken.findUniqueOrThrow({ where: { id: childId } })).toEqual(before);
    },
  );

  it("edits within the grant, and may not touch a broader token at all", async () => {
    const narrowed = await callOperation(
      updateTokenOperation,
      { id: childId },
      { token: limited, ip: IP, body: { ipAllowlist: ["203.0.113.200"], expiresOn: dateIn(3) } },
    );
    expect(narrowed.status).toBe(200);
    const broader = await createApiToken({ organizationId, scopes: ["domains:read"] });
    await expectForbidden(
      await callOperation(
        updateTokenOperation,
        { id: broader.row.id },
        { token: limited, ip: IP, body: { name: "Renamed" } },
      ),
      "cannot grant access from any IP",
    );
  });
});

describe("another organization's tokens", () => {
  it("are 404 to get, edit and revoke, and stay as they were", async () => {
    const theirs = await createApiToken({
      organizationId: (await createTestOrganization({ plan: "PRO" })).id,
      scopes: ["domains:read"],
    });
    const before = await db.apiToken.findUniqueOrThrow({ where: { id: theirs.row.id } });
    const { token: admin } = await createApiToken({
      organizationId,
      scopes: ["tokens:write"],
    });
    const params = { id: theirs.row.id };
    const answers = [
      await callOperation(getTokenOperation, params, { token: admin }),
      await callOperation(updateTokenOperation, params, { token: admin, body: { name: "Mine" } }),
      await callOperation(revokeTokenOperation, params, { token: admin }),
    ];
    for (const response of answers) {
      expect(response.status).toBe(404);
      expect(await readError(response)).toEqual({ code: "not_found", message: "Token not found" });
    }
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: theirs.row.id } })).toEqual(before);
  });
});

describe("a read-only token (domains:read only)", () => {
  it("reads /tokens/self, may not revoke or edit another token, and revokes itself", async () => {
    const reader = await createApiToken({ organizationId, scopes: ["domains:read"] });
    const other = await createApiToken({ organizationId });
    const self = await callOperation(getSelfTokenOperation, {}, { token: reader.token });
    expect(self.status).toBe(200);

    const refused = await callOperation(
      revokeTokenOperation,
      { id: other.row.id },
      { token: reader.token },
    );
    expect(refused.status).toBe(403);
    expect(refused.headers.get("www-authenticate")).toContain('scope="tokens:write"');
    const edit = await callOperation(
      updateTokenOperation,
      { id: reader.row.id },
      { token: reader.token, body: { name: "Promoted" } },
    );
    expect((await readError(edit)).code).toBe("insufficient_scope");
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: other.row.id } })).revokedAt).toBe(
      null,
    );

    // The id in any letter case names the same token.
    const revoked = await callOperation(
      revokeTokenOperation,
      { id: reader.row.id.toUpperCase() },
      { token: reader.token },
    );
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as { data: { status: string } }).data.status).toBe("revoked");
    expect((await callOperation(getSelfTokenOperation, {}, { token: reader.token })).status).toBe(
      401,
    );
  });
});
