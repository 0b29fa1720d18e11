import { listAuditEventsOperation } from "@/app/api/v1/audit-events/operations";
import { deleteDomainOperation, getDomainOperation } from "@/app/api/v1/domains/[id]/operations";
import { createDomainOperation, listDomainsOperation } from "@/app/api/v1/domains/operations";
import { listLogsOperation } from "@/app/api/v1/logs/operations";
import { revokeExposedTokensOperation } from "@/app/api/v1/secret-scanning/revoke/operations";
import { getTokenOperation, updateTokenOperation } from "@/app/api/v1/tokens/[id]/operations";
import { revokeTokenOperation } from "@/app/api/v1/tokens/[id]/revoke/operations";
import { rotateTokenOperation } from "@/app/api/v1/tokens/[id]/rotate/operations";
import { createTokenOperation, listTokensOperation } from "@/app/api/v1/tokens/operations";
import { getSelfTokenOperation } from "@/app/api/v1/tokens/self/operations";
import type { Operation } from "@/lib/api/operation";

// Every declared /api/v1 operation, in the order the documentation lists them. The OpenAPI
// document, docs/api.md's endpoint table and the API test suites are built from this list;
// a test fails when a route file exports a handler that is not in it.
export const API_OPERATIONS: readonly Operation[] = [
  listDomainsOperation,
  createDomainOperation,
  getDomainOperation,
  deleteDomainOperation,
  listTokensOperation,
  createTokenOperation,
  getSelfTokenOperation,
  getTokenOperation,
  updateTokenOperation,
  rotateTokenOperation,
  revokeTokenOperation,
  listLogsOperation,
  listAuditEventsOperation,
  revokeExposedTokensOperation,
];
