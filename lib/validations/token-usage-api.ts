import { z } from "zod";

// GET /api/v1/tokens/{id}/usage: the Access advisor's figures (lib/services/tokens/usage.ts)
// as the API answers them.

const scopeUsageSchema = z.object({
  scope: z.string().meta({ examples: ["domains:read"] }),
  lastUsedAt: z.iso.datetime().nullable().meta({
    description:
      "The last accepted request that needed this scope in the last 90 days; null: none.",
  }),
  requests30d: z.number().int(),
  requests90d: z.number().int(),
  unused90d: z.boolean().meta({ description: "No accepted request needed it in 90 days." }),
});

const operationUsageSchema = z.object({
  method: z.string().meta({ examples: ["GET"] }),
  path: z.string().meta({
    description: "The operation's path template.",
    examples: ["/api/v1/domains/{id}"],
  }),
  scope: z.string().meta({
    description: "The scope the operation required (`self`: the token acting on itself).",
  }),
  requests30d: z.number().int(),
  requests90d: z.number().int(),
  lastUsedAt: z.iso.datetime(),
});

/** What GET /api/v1/tokens/{id}/usage answers about a token. */
export const tokenUsageSchema = z.object({
  tokenId: z.uuid(),
  since: z.iso.datetime().meta({ description: "Start of the 90-day window (00:00 UTC)." }),
  unused: z.boolean().meta({ description: "No accepted request in the last 90 days." }),
  scopes: z.array(scopeUsageSchema).meta({ description: "One entry per scope the token holds." }),
  usedScopes: z.array(z.string()).meta({
    description: "The scopes it holds that it used in the last 90 days.",
  }),
  operations: z.array(operationUsageSchema).meta({
    description: "Operations called in the last 90 days, most requests first.",
  }),
});

export const tokenUsageResponseSchema = z.object({ data: tokenUsageSchema });
