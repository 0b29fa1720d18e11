import { randomBytes, randomUUID } from "node:crypto";
import { hashApiToken } from "@/lib/auth/token";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import type { RequestLogEntry } from "./types";

// Builders for the request-log integration tests: tokens and log rows with exactly the
// values a test needs, written straight to the database.

export async function createLogTestToken(
  organizationId: string,
  overrides: {
    name?: string;
    createdAt?: Date;
    expiresAt?: Date | null;
    revokedAt?: Date | null;
    lastUsedAt?: Date | null;
  } = {},
) {
  const secret = `ms_${randomBytes(32).toString("base64url")}`;
  return db.apiToken.create({
    data: {
      organizationId,
      name: overrides.name ?? `token-${randomBytes(3).toString("hex")}`,
      tokenHash: hashApiToken(secret),
      lastFour: secret.slice(-4),
      createdAt: overrides.createdAt,
      expiresAt: overrides.expiresAt ?? null,
      revokedAt: overrides.revokedAt ?? null,
      lastUsedAt: overrides.lastUsedAt ?? null,
    },
  });
}

/** Inserts log rows in the given order (ids grow in that order); returns their ids. */
export async function insertLogRows(
  token: { id: string; organizationId: string; name: string },
  // requestId may be null: rows written before request ids were recorded.
  rows: Array<
    Partial<Omit<RequestLogEntry, "requestId">> & { createdAt: Date; requestId?: string | null }
  >,
): Promise<string[]> {
  const ids: string[] = [];
  for (const row of rows) {
    const created = await db.apiRequestLog.create({
      data: {
        organizationId: token.organizationId,
        tokenId: token.id,
        tokenName: token.name,
        method: "GET",
        path: "/api/v1/domains",
        status: 200,
        clientIp: "203.0.113.10",
        userAgent: "vitest",
        durationMs: 12,
        requestSummary: null,
        responseSummary: "3 domains",
        errorCode: null,
        requestId: randomUUID(),
        refusalReason: null,
        ...row,
      },
      select: { id: true },
    });
    ids.push(created.id.toString());
  }
  return ids;
}

/** A minimal successful entry for the writer, as the API wrapper would queue it. */
export function requestLogEntry(
  target: { organizationId: string; tokenId: string },
  path: string,
): RequestLogEntry {
  return {
    createdAt: clock.now(),
    organizationId: target.organizationId,
    tokenId: target.tokenId,
    tokenName: "writer test",
    method: "GET",
    path,
    status: 200,
    clientIp: "192.0.2.1",
    userAgent: null,
    durationMs: 1,
    requestSummary: null,
    responseSummary: null,
    errorCode: null,
    requestId: randomUUID(),
    refusalReason: null,
    afterRotation: false,
    operation: null,
    scope: null,
  };
}
