import { deleteDomainOperation, getDomainOperation } from "@/app/api/v1/domains/[id]/operations";
import { createDomainOperation, listDomainsOperation } from "@/app/api/v1/domains/operations";
import { revokeExposedTokensOperation } from "@/app/api/v1/secret-scanning/revoke/operations";
import type { Operation } from "@/lib/api/operation";

// Every declared /api/v1 operation, in the order the documentation lists them. The OpenAPI
// document, docs/api.md's endpoint table and the API test suites are built from this list;
// a test fails when a route file exports a handler that is not in it.
export const API_OPERATIONS: readonly Operation[] = [
  listDomainsOperation,
  createDomainOperation,
  getDomainOperation,
  deleteDomainOperation,
  revokeExposedTokensOperation,
];
