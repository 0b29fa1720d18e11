import { beforeAll, describe, expect, it } from "vitest";
import { listDomainsOperation } from "@/app/api/v1/domains/operations";
import { updateTokenOperation } from "@/app/api/v1/tokens/[id]/operations";
import { revokeTokenOperation } from "@/app/api/v1/tokens/[id]/revoke/operations";
import { rotateTokenOperation } from "@/app/api/v1/tokens/[id]/rotate/operations";
import { createTokenOperation } from "@/app/api/v1/tokens/operations";
import { getSelfTokenOperation } from "@/app/api/v1/tokens/self/operations";
import { isWellFormedApiToken } from "@/lib/auth/token";
import { db } from "@/lib/db";
import { createApiToken, readError } from "@/test/api/helpers";
import { callOperation } from "@/test/api/operation-fixtures";
import { createTestOrganization } from "@/test/factories";

// POST /api/v1/tokens/{id}/rotate: a CI pipeline rotating its own credential, or a
// provisioning token rotating others within its grant. The rotation rules themselves
// (grace boundaries, expiry on first use, refused states) are in
// lib/services/tokens/rotate-token.test.ts and test/api/rotation.test.ts.

let organizationId: string;

beforeAll(async () => {
  organizationId = (await createTestOrganization({ plan: "PRO" })).id;
});

type Rotated = { data: { id: string; token: string; predecessorId: string | null; name: string } };

function rotate(token: string, id: string, body: object = {}) {
  return callOperation(rotateTokenOperation, { id }, { method: "POST", token, body });
}

describe("POST /api/v1/tokens/{id}/rotate", () => {
  it("lets a read-only token rotate itself with {}: the old one stops at once, the new one works", async () => {
    const { token, row } = await createApiToken({ organizationId, scopes: ["domains:read"] });
    const response = await rotate(token, row.id);
    expect(response.status).toBe(201);
    const { data } = (await response.json()) as Rotated;
    expect(isWellFormedApiToken(data.token)).toBe(true);
    expect(data).toMatchObject({
      predecessorId: row.id,
      name: row.name,
      expiryLimitedByPolicy: null,
    });
    expect(response.headers.get("location")).toBe(`/api/v1/tokens/${data.id}`);

    const old = await callOperation(listDomainsOperation, {}, { token });
    expect(old.status).toBe(401);
    const fresh = await callOperation(getSelfTokenOperation, {}, { token: data.token });
    expect(fresh.status).toBe(200);
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: data.id } });
    expect(stored.scopes).toEqual(["domains:read"]);
  });

  it("keeps the old token working for the grace period, and ends it on first use when asked", async () => {
    const { token, row } = await createApiToken({ organizationId, scopes: ["domains:read"] });
    const response = await rotate(token, row.id, {
      gracePeriodSeconds: 3600,
      expireOnFirstUse: true,
    });
    const { data } = (await response.json()) as Rotated;
    expect((await callOperation(listDomainsOperation, {}, { token })).status).toBe(200);
    expect((await callOperation(listDomainsOperation, {}, { token: data.token })).status).toBe(200);
    expect((await callOperation(listDomainsOperation, {}, { token })).status).toBe(401);
  });

  it("needs tokens:write for another token, and refuses to rotate a broader one", async () => {
    const { token: reader } = await createApiToken({ organizationId, scopes: ["domains:read"] });
    const { token: writer } = await createApiToken({
      organizationId,
      scopes: ["tokens:write", "domains:read"],
    });
    const { row: narrow } = await createApiToken({ organizationId, scopes: ["domains:read"] });
    const { row: broad } = await createApiToken({ organizationId, scopes: ["logs:read"] });

    const refused = await rotate(reader, narrow.id);
    expect(refused.status).toBe(403);
    expect((await readError(refused)).code).toBe("insufficient_scope");

    const escalation = await rotate(writer, broad.id);
    expect(escalation.status).toBe(403);
    expect(await readError(escalation)).toMatchObject({
      code: "forbidden",
      message: expect.stringContaining('lacks "logs:read"'),
    });
    expect((await rotate(writer, narrow.id)).status).toBe(201);
  });

  it("answers 409 for a token already rotated, 422 for a grace period out of range, 404 elsewhere", async () => {
    const { token: writer } = await createApiToken({ organizationId, scopes: ["tokens:write"] });
    const { row } = await createApiToken({ organizationId, scopes: ["tokens:read"] });
    expect((await rotate(writer, row.id, { gracePeriodSeconds: 60 })).status).toBe(201);
    const again = await rotate(writer, row.id);
    expect(again.status).toBe(409);

    const tooLong = await rotate(writer, row.id, { gracePeriodSeconds: 604801 });
    expect(tooLong.status).toBe(422);
    const other = await createTestOrganization({ plan: "PRO" });
    const { row: foreign } = await createApiToken({ organizationId: other.id });
    expect((await rotate(writer, foreign.id)).status).toBe(404);
  });
});

describe("a token rotated away from a leak", () => {
  it("keeps calling the API in its grace period, but cannot manage tokens: it only revokes itself", async () => {
    const leaked = await createApiToken({
      organizationId,
      scopes: ["tokens:write", "domains:read"],
    });
    // Rotated (here through the API; the dashboard does the same), the pipelines get an hour.
    const rotated = await rotate(leaked.token, leaked.row.id, { gracePeriodSeconds: 3600 });
    const { data: successor } = (await rotated.json()) as Rotated;
    const before = await db.apiToken.count({ where: { organizationId } });

    expect((await callOperation(listDomainsOperation, {}, { token: leaked.token })).status).toBe(
      200,
    );
    const attempts = [
      await rotate(leaked.token, successor.id),
      await callOperation(
        createTokenOperation,
        {},
        { token: leaked.token, body: { name: "Foothold", scopes: ["domains:read"] } },
      ),
      await callOperation(
        updateTokenOperation,
        { id: successor.id },
        { token: leaked.token, body: { name: "Mine" } },
      ),
      await callOperation(revokeTokenOperation, { id: successor.id }, { token: leaked.token }),
    ];
    for (const response of attempts) {
      expect(response.status).toBe(403);
      expect(await readError(response)).toMatchObject({
        code: "forbidden",
        message: expect.stringContaining("rotated"),
      });
    }
    expect(await db.apiToken.count({ where: { organizationId } })).toBe(before);
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: successor.id } });
    expect(stored).toMatchObject({ name: leaked.row.name, revokedAt: null, rotatedAt: null });

    expect((await rotate(leaked.token, leaked.row.id)).status).toBe(409);
    const revoked = await callOperation(
      revokeTokenOperation,
      { id: leaked.row.id },
      { token: leaked.token },
    );
    expect(revoked.status).toBe(200);
    expect((await callOperation(listDomainsOperation, {}, { token: leaked.token })).status).toBe(
      401,
    );
    expect(
      (await callOperation(getSelfTokenOperation, {}, { token: successor.token })).status,
    ).toBe(200);
  });
});
