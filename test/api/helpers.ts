import { defineOperation, type OperationContext } from "@/lib/api/operation";
import { CLIENT_IP_HEADER } from "@/lib/auth/client-ip";
import { generateApiToken } from "@/lib/auth/token";
import { db } from "@/lib/db";
import type { Plan } from "@/lib/generated/prisma/enums";
import { createTestOrganization, uniqueSuffix } from "@/test/factories";

// Helpers for /api/v1 integration tests: real rows, route handlers called directly with
// the header server.mjs would set, no HTTP server needed.

export const BASE_URL = "http://api.test";

/** The client IP of a test request that names none. */
export const DEFAULT_CLIENT_IP = "198.51.100.10";

/** A token row; without `scopes` it holds the column's default (domains:read and :write). */
export async function createApiToken(options: {
  organizationId: string;
  name?: string;
  ipAllowlist?: string[];
  expiresAt?: Date | null;
  revokedAt?: Date | null;
  /** Omitted: the column's default (domains:read and domains:write). */
  scopes?: readonly string[];
  /** The member who created it; omitted: nobody (as for a token whose creator was deleted). */
  createdById?: string;
  /** Per-domain scoping; omitted: all domains. */
  domainIds?: readonly string[] | null;
}) {
  const generated = generateApiToken();
  const row = await db.apiToken.create({
    data: {
      organizationId: options.organizationId,
      name: options.name ?? `Token ${uniqueSuffix()}`,
      tokenHash: generated.tokenHash,
      lastFour: generated.lastFour,
      ipAllowlist: options.ipAllowlist ?? [],
      expiresAt: options.expiresAt ?? null,
      revokedAt: options.revokedAt ?? null,
      createdById: options.createdById ?? null,
      ...(options.scopes && { scopes: [...options.scopes] }),
      ...(options.domainIds && { domainIds: [...options.domainIds] }),
    },
  });
  return { token: generated.token, row };
}

/** An organization on `plan` with one unrestricted token (default scopes unless `scopes`). */
export async function createApiTenant(plan: Plan = "PRO", scopes?: readonly string[]) {
  const organization = await createTestOrganization({ plan });
  const { token, row } = await createApiToken({ organizationId: organization.id, scopes });
  return { organization, token, tokenRow: row };
}

export async function createDomainRow(
  organizationId: string,
  name = `d-${uniqueSuffix()}.example`,
) {
  return db.domain.create({ data: { organizationId, name } });
}

export interface ApiRequestOptions {
  method?: string;
  /** A bare token becomes `Authorization: Bearer <token>`; use `authorization` for raw values. */
  token?: string;
  authorization?: string | null;
  ip?: string;
  body?: string | object;
  headers?: Record<string, string>;
}

export function apiRequest(path: string, options: ApiRequestOptions = {}): Request {
  const headers = new Headers(options.headers);
  headers.set(CLIENT_IP_HEADER, options.ip ?? DEFAULT_CLIENT_IP);
  if (options.authorization !== undefined && options.authorization !== null) {
    headers.set("authorization", options.authorization);
  } else if (options.token) {
    headers.set("authorization", `Bearer ${options.token}`);
  }
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  return new Request(new URL(path, BASE_URL), { method: options.method ?? "GET", headers, body });
}

export function routeContext<P>(params: P): { params: Promise<P> } {
  return { params: Promise.resolve(params) };
}

export async function readError(
  response: Response,
): Promise<{ code: string; message: string; issues?: unknown }> {
  const body = (await response.json()) as {
    error: { code: string; message: string; issues?: unknown };
  };
  return body.error;
}

/**
 * The route handler of an operation declared only for a test (GET /api/v1/domains, scope
 * domains:read, in no list): for what the pipeline does around a handler, such as one that
 * throws or summarizes hostile text.
 */
export function testOperationHandler(
  handler: (
    context: OperationContext<Record<string, never>, undefined, undefined>,
  ) => Promise<Response>,
): (req: Request) => Promise<Response> {
  return defineOperation(
    {
      method: "GET",
      path: "/api/v1/domains",
      operationId: "testOperation",
      summary: "An operation of a test",
      tag: "Test",
      scope: "domains:read",
      responses: { 200: { schema: null, description: "Whatever the test answers." } },
    },
    handler,
  ).handle;
}
