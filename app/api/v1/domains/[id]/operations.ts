import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { deleteDomain, getDomain } from "@/lib/services/domains/domains";
import { domainResponseSchema } from "@/lib/validations/domain";

// The operations of /api/v1/domains/{id}: declaration and handler (see lib/api/operation.ts).

// Any string: an id that is not a UUID is no domain of the organization, answered 404 by the
// service like another organization's id, so the two cannot be told apart.
const domainParamsSchema = z.object({
  id: z.string().meta({
    description:
      "The domain's id. Ids that are not UUIDs, or belong to another organization, give 404.",
    format: "uuid",
  }),
});

export const getDomainOperation = defineOperation(
  {
    method: "GET",
    path: "/api/v1/domains/{id}",
    operationId: "getDomain",
    summary: "Get a domain",
    description:
      "One domain. A token limited to selected domains gets 404 for any other domain, as for one that does not exist.",
    tag: "Domains",
    scope: "domains:read",
    params: domainParamsSchema,
    responses: { 200: { schema: domainResponseSchema, description: "The domain." } },
  },
  async ({ token, principal, params, json, summarize, touchDomain }) => {
    const domain = await getDomain({ principal, organizationId: token.organizationId }, params.id);
    touchDomain(domain.id);
    summarize({ response: domain.name });
    return json({ data: domain });
  },
);

// 204 No Content: the client already knows the id, and an empty body cannot be misread.
export const deleteDomainOperation = defineOperation(
  {
    method: "DELETE",
    path: "/api/v1/domains/{id}",
    operationId: "deleteDomain",
    summary: "Delete a domain",
    description:
      "Stops monitoring the domain and deletes it, and removes it from every token's domain selection (a selection it empties stays empty: no domain). Answers 204 with no body. A token limited to selected domains gets 404 for any other domain.",
    tag: "Domains",
    scope: "domains:write",
    params: domainParamsSchema,
    responses: { 204: { schema: null, description: "Deleted." } },
  },
  async ({ token, params, principal, noContent, summarize, touchDomain }) => {
    const ctx = { principal, organizationId: token.organizationId };
    const deleted = await deleteDomain(ctx, params);
    touchDomain(deleted.id);
    summarize({ response: `deleted ${deleted.name}` });
    return noContent();
  },
);
