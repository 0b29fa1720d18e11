import * as auditEvents from "@/app/api/v1/audit-events/operations";
import * as domain from "@/app/api/v1/domains/[id]/operations";
import * as domains from "@/app/api/v1/domains/operations";
import * as logs from "@/app/api/v1/logs/operations";
import * as secretScanning from "@/app/api/v1/secret-scanning/revoke/operations";
import * as token from "@/app/api/v1/tokens/[id]/operations";
import * as revokeToken from "@/app/api/v1/tokens/[id]/revoke/operations";
import * as rotateToken from "@/app/api/v1/tokens/[id]/rotate/operations";
import * as tokenUsage from "@/app/api/v1/tokens/[id]/usage/operations";
import * as tokens from "@/app/api/v1/tokens/operations";
import * as selfToken from "@/app/api/v1/tokens/self/operations";
import * as webhookDeliveries from "@/app/api/v1/webhooks/[id]/deliveries/operations";
import * as webhook from "@/app/api/v1/webhooks/[id]/operations";
import * as rotateWebhookSecret from "@/app/api/v1/webhooks/[id]/rotate-secret/operations";
import * as webhooks from "@/app/api/v1/webhooks/operations";
import type { Operation } from "@/lib/api/operation";
import { ROUTE_FILE_METHODS } from "@/lib/api/route-handlers";

// Every declared /api/v1 operation: each path's operations.ts, in the order the
// documentation lists the paths, a path's methods in the order GET, POST, PUT, PATCH,
// DELETE. The OpenAPI document, docs/api.md's endpoint table and the API test suites are
// built from this list; a test fails when an operations.ts under app/api/v1 is missing here
// (test/api/route-declarations.test.ts).
const OPERATION_FILES: readonly Readonly<Record<string, Operation>>[] = [
  domains,
  domain,
  tokens,
  selfToken,
  token,
  rotateToken,
  revokeToken,
  tokenUsage,
  logs,
  auditEvents,
  webhooks,
  webhook,
  rotateWebhookSecret,
  webhookDeliveries,
  secretScanning,
];

const methodRank = (operation: Operation) =>
  (ROUTE_FILE_METHODS as readonly string[]).indexOf(operation.method);

export const API_OPERATIONS: readonly Operation[] = OPERATION_FILES.flatMap((file) =>
  Object.values(file).sort((a, b) => methodRank(a) - methodRank(b)),
);
