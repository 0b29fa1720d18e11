import { declaredErrorCodes, type Operation, operationName } from "@/lib/api/operation";
import { parseIpAllowlistEntry } from "@/lib/auth/ip-allowlist";
import { generateApiToken } from "@/lib/auth/token";
import { earliestAllowedExpirationDate, expiryInstantFromDate } from "@/lib/auth/token-expiry";
import { db } from "@/lib/db";
import { ERROR_STATUS } from "@/lib/errors";
import { encryptWebhookSecret, generateWebhookSecret } from "@/lib/services/webhooks/secret-crypto";
import {
  type ApiRequestOptions,
  apiRequest,
  createApiToken,
  createDomainRow,
  DEFAULT_CLIENT_IP,
  routeContext,
} from "@/test/api/helpers";
import { uniqueSuffix } from "@/test/factories";

// What the API test suites need to know about each declared operation beyond its
// declaration: how to make a request that succeeds (path params that exist, a valid body).
// The auth-contract and fuzz suites run over app/api/v1/operations.ts with these; a
// declared operation without an entry here fails them, so none goes untested.

/** Who makes the call: the rules against privilege escalation judge a new token by it. */
export interface Caller {
  /** The client IP the call comes from, inside the calling token's allowlist if it has one. */
  ip: string;
}

interface OperationFixture {
  /** Path params naming a resource of `organizationId` (created for the request). */
  params?(organizationId: string, caller: Caller): Promise<Record<string, string>>;
  /** A valid body, new on every call (an array for the secret-scanning report). */
  body?(caller: Caller): object;
}

const existingDomain = async (organizationId: string) => ({
  id: (await createDomainRow(organizationId)).id,
});

const existingToken = async (organizationId: string) => ({
  id: (await createApiToken({ organizationId })).row.id,
});

// A token as narrow as any caller in the suites: one scope every caller holds, the caller's
// own address (inside its allowlist when it has one), and the earliest expiry (never later
// than a caller's that still works). Creating or editing one is never an escalation.
function narrowestEntry(caller: Caller): string {
  const parsed = parseIpAllowlistEntry(caller.ip);
  if (!("entry" in parsed)) throw new Error(`The caller's IP ${caller.ip} is no address`);
  return parsed.entry;
}

const narrowTokenBody = (caller: Caller) => ({
  name: `API token ${uniqueSuffix()}`,
  scopes: ["domains:read"],
  ipAllowlist: [narrowestEntry(caller)],
  expiresOn: earliestAllowedExpirationDate(),
});

const narrowToken = async (organizationId: string, caller: Caller) => ({
  id: (
    await createApiToken({
      organizationId,
      scopes: ["domains:read"],
      ipAllowlist: [narrowestEntry(caller)],
      expiresAt: expiryInstantFromDate(earliestAllowedExpirationDate()),
    })
  ).row.id,
});

const existingWebhook = async (organizationId: string) => ({
  id: (
    await db.webhookEndpoint.create({
      data: {
        organizationId,
        url: `https://example.com/hooks/${uniqueSuffix()}`,
        eventTypes: ["token.created"],
        secretEncrypted: encryptWebhookSecret(generateWebhookSecret()),
      },
      select: { id: true },
    })
  ).id,
});

const FIXTURES: Record<string, OperationFixture> = {
  listDomains: {},
  createDomain: { body: () => ({ name: `new-${uniqueSuffix()}.example.com` }) },
  getDomain: { params: existingDomain },
  deleteDomain: { params: existingDomain },
  listTokens: {},
  createToken: { body: narrowTokenBody },
  getSelfToken: {},
  getToken: { params: existingToken },
  getTokenUsage: { params: existingToken },
  updateToken: { params: narrowToken, body: () => ({ description: `Edited ${uniqueSuffix()}` }) },
  rotateToken: { params: narrowToken, body: () => ({ gracePeriodSeconds: 3600 }) },
  revokeToken: { params: existingToken },
  listLogs: {},
  listAuditEvents: {},
  listWebhooks: {},
  createWebhook: {
    body: () => ({
      url: `https://example.com/hooks/${uniqueSuffix()}`,
      eventTypes: ["token.created"],
    }),
  },
  getWebhook: { params: existingWebhook },
  updateWebhook: {
    params: existingWebhook,
    body: () => ({ description: `Edited ${uniqueSuffix()}` }),
  },
  deleteWebhook: { params: existingWebhook },
  rotateWebhookSecret: { params: existingWebhook },
  listWebhookDeliveries: { params: existingWebhook },
  // A value that is no token of ours: the report succeeds and changes nothing.
  revokeExposedTokens: {
    body: () => [
      {
        token: generateApiToken().token,
        type: "mailshield_token",
        url: "https://example.com/leak",
        source: "content",
      },
    ],
  },
};

function fixtureFor(operation: Operation): OperationFixture {
  const fixture = FIXTURES[operation.operationId];
  if (!fixture) throw new Error(`No test fixture for ${operationName(operation)}`);
  return fixture;
}

/** The status a successful call answers (each operation declares exactly one). */
export function successStatusOf(operation: Operation): number {
  const [status, ...others] = Object.keys(operation.responses).map(Number);
  if (status === undefined || others.length > 0)
    throw new Error(`${operationName(operation)} must declare one success status`);
  return status;
}

/** The error statuses the operation's declaration says its input can cause. */
export function declaredErrorStatuses(operation: Operation): number[] {
  return declaredErrorCodes(operation).map((code) => ERROR_STATUS[code]);
}

/** `/api/v1/domains/{id}` with `{id: "x"}` → `/api/v1/domains/x` (segments URL-encoded). */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ""));
}

/** Calls the operation's handler as Next would, with `params` and the request `options`. */
export function callOperation(
  operation: Operation,
  params: Record<string, string>,
  options: ApiRequestOptions & { search?: string } = {},
): Promise<Response> {
  const { search = "", ...request } = options;
  const url = `${fillPath(operation.path, params)}${search && `?${search}`}`;
  return operation.handle(
    apiRequest(url, { method: operation.method, ...request }),
    routeContext(params),
  );
}

/**
 * Path params and a body for a call of `operation` that succeeds for `organizationId`, made
 * by a token with every scope from `caller.ip`.
 */
export async function successfulInput(
  operation: Operation,
  organizationId: string,
  caller: Caller = { ip: DEFAULT_CLIENT_IP },
): Promise<{ params: Record<string, string>; body?: object }> {
  const fixture = fixtureFor(operation);
  const params = (await fixture.params?.(organizationId, caller)) ?? {};
  return fixture.body ? { params, body: fixture.body(caller) } : { params };
}
