import { defineOperation } from "@/lib/api/operation";
import { pageSummary, serializedListBody } from "@/lib/api/responses";
import { createDomain as createDomainRecord, listDomains } from "@/lib/services/domains/domains";
import {
  createDomainSchema,
  domainListSchema,
  domainResponseSchema,
} from "@/lib/validations/domain";
import { pageQuerySchema } from "@/lib/validations/pagination";

// The operations of /api/v1/domains: declaration and handler (see lib/api/operation.ts).

export const listDomainsOperation = defineOperation(
  {
    method: "GET",
    path: "/api/v1/domains",
    operationId: "listDomains",
    summary: "List domains",
    description:
      "The organization's domains, newest first, with cursor pagination. A token limited to selected domains lists only those.",
    tag: "Domains",
    scope: "domains:read",
    query: pageQuerySchema,
    responses: {
      200: { schema: domainListSchema, description: "A page of domains." },
    },
  },
  async ({ token, principal, query, json, summarize }) => {
    const result = await listDomains({ principal, organizationId: token.organizationId }, query);
    summarize({
      response: pageSummary(result.itemCount, "domain", result.pagination.hasMore),
    });
    return json(serializedListBody(result.itemsJson, result.pagination));
  },
);

export const createDomainOperation = defineOperation(
  {
    method: "POST",
    path: "/api/v1/domains",
    operationId: "createDomain",
    summary: "Add a domain",
    description:
      "Adds a domain to monitor. Its checks start as `pending`. Needs a token with access to all domains: a token limited to selected domains gets 403.",
    tag: "Domains",
    scope: "domains:write",
    body: createDomainSchema,
    bodyExample: { name: "example.com" },
    responses: {
      201: {
        schema: domainResponseSchema,
        description: "The domain was added.",
        headers: { Location: "URL of the new domain." },
      },
    },
    errors: ["conflict"],
  },
  async ({ token, principal, body, json, summarize, touchDomain }) => {
    const ctx = { principal, organizationId: token.organizationId };
    const domain = await createDomainRecord(ctx, body);
    touchDomain(domain.id);
    summarize({ response: `created ${domain.name}` });
    return json(
      { data: domain },
      { status: 201, headers: { Location: `/api/v1/domains/${domain.id}` } },
    );
  },
);
