import { z } from "zod";
import { MAX_IP_ALLOWLIST_ENTRIES } from "@/lib/auth/ip-allowlist";
import { DEFAULT_SCOPES, SCOPES } from "@/lib/permissions";
import { pageQuerySchema, paginationSchema } from "@/lib/validations/pagination";
import {
  ipAllowlistEntrySchema,
  TOKEN_DESCRIPTION_MAX_LENGTH,
  TOKEN_NAME_MAX_LENGTH,
  tokenTemplateSchema,
} from "@/lib/validations/token";
import { MAX_GRACE_PERIOD_SECONDS, rotationInputSchema } from "@/lib/validations/token-rotation";

// /api/v1/tokens: the JSON a token is answered as (one schema, used by the handlers through
// toApiTokenJson in app/api/v1/tokens/shared.ts, and by the OpenAPI document) and the
// bodies that create and edit one. The bodies check the shape; they are the token services'
// input as they are (the handlers pass them straight through), and the services judge the
// values with the domain's schema (lib/validations/token.ts), whose field names are these.

// The statuses of lib/rules/token-status.ts (toApiTokenJson fails to compile if
// one is missing here).
const TOKEN_STATUSES = ["active", "paused", "rotated", "expired", "revoked"] as const;

const DOMAIN_IDS_DESCRIPTION =
  "The domains the token may touch: null for all of the organization's domains (including domains added later), or the ids of the selected ones. An empty array means no domain (deleting a token's last selected domain leaves it empty, never all). Other domains answer 404 to the token, and adding a domain needs all domains.";

const scopeSchema = z.enum(SCOPES, {
  error: `Unknown scope; the scopes are ${SCOPES.join(", ")}`,
});

/** A token as /api/v1 answers it: metadata only, never the token or its hash. */
export const apiTokenSchema = z.object({
  id: z.uuid().meta({ examples: ["01937a2c-6b1e-7c44-9e0b-3f5d2a8c9e10"] }),
  name: z.string().meta({ examples: ["GitHub Actions - Deploy"] }),
  description: z.string().nullable(),
  lastFour: z.string().meta({
    description: "The token's last four characters, to recognize it (`…a1B2`).",
    examples: ["a1B2"],
  }),
  scopes: z.array(scopeSchema).meta({ description: "What the token may call." }),
  ipAllowlist: z.array(z.string()).meta({
    description: "Normalized CIDR ranges the token may be used from; empty means any address.",
    examples: [["203.0.113.0/24"]],
  }),
  expiresOn: z.iso.date().nullable().meta({
    description: "The expiration date: the token stops working at 00:00 UTC that day. Null: never.",
  }),
  expiresAt: z.iso.datetime().nullable().meta({ description: "The same, as an instant." }),
  status: z.enum(TOKEN_STATUSES).meta({
    description:
      "`active`; `paused` while the plan has no API access; `rotated` once replaced by its successor (it works until `rotationEndsAt`); `expired`; `revoked`. Only an active token, or a rotated one before `rotationEndsAt`, works.",
  }),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable().meta({
    description: "The last request the token was accepted for (precise to a minute).",
  }),
  lastUsedIp: z.string().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  rotationEndsAt: z.iso.datetime().nullable().meta({
    description:
      "For a rotated token, when it stops (or stopped) working: the end of its grace period. Null for a token never rotated.",
  }),
  predecessorId: z.uuid().nullable().meta({
    description: "The token this one replaced by rotation, if any.",
  }),
  successorId: z.uuid().nullable().meta({
    description: "The token that replaced this one by rotation, if any.",
  }),
  template: tokenTemplateSchema.nullable().meta({
    description:
      "The template the token was created from (a rotation's successor keeps it); null: from scratch.",
  }),
  domainIds: z
    .array(z.uuid())
    .nullable()
    .meta({
      description: DOMAIN_IDS_DESCRIPTION,
      examples: [["01937a2c-6b1e-7c44-9e0b-3f5d2a8c9e11"]],
    }),
});

export type ApiTokenJson = z.output<typeof apiTokenSchema>;

/** A newly created token: the metadata plus the plaintext, shown this once. */
export const createdApiTokenSchema = apiTokenSchema.extend({
  token: z.string().meta({
    description: "The new token. It is shown only in this response; store it now.",
  }),
});

/** A rotation's successor: a new token, and whether the lifetime policy shortened its expiry. */
export const rotatedApiTokenSchema = createdApiTokenSchema.extend({
  expiryLimitedByPolicy: z
    .object({
      maxLifetimeDays: z
        .number()
        .int()
        .meta({ examples: [30] }),
      predecessorExpiresOn: z.iso.date().nullable().meta({
        description: "The expiration date the new token would have kept; null: never.",
      }),
      message: z.string().meta({
        examples: [
          "Your organization's token policy allows tokens to last at most 30 days, so the new token expires on 2027-03-15 (00:00 UTC) instead of never.",
        ],
      }),
    })
    .nullable()
    .meta({
      description:
        "Set when the organization's maximum token lifetime gave the new token an earlier expiry than the old one's (`expiresOn` is the new one); null when it kept the old expiry.",
    }),
});

export const apiTokenResponseSchema = z.object({ data: apiTokenSchema });
export const createdApiTokenResponseSchema = z.object({ data: createdApiTokenSchema });
export const rotatedApiTokenResponseSchema = z.object({ data: rotatedApiTokenSchema });
export const apiTokenListSchema = z.object({
  data: z.array(apiTokenSchema),
  pagination: paginationSchema,
});

/** GET /api/v1/tokens: a page, optionally of one status. */
export const tokenListQuerySchema = pageQuerySchema.extend({
  status: z
    .enum(["active", "rotated", "expired", "revoked"], {
      error: "status must be active, rotated, expired or revoked",
    })
    .optional()
    .meta({ description: "Only the tokens of this status." }),
});

// ---------------------------------------------------------------------------------------
// Request bodies

const tokenBodyFields = {
  name: z.string().meta({
    description: `1–${TOKEN_NAME_MAX_LENGTH} characters, unique among the organization's active tokens (ignoring case).`,
    examples: ["Deploy from CI"],
  }),
  description: z
    .string()
    .nullable()
    .meta({
      description: `Up to ${TOKEN_DESCRIPTION_MAX_LENGTH} characters; null or "" for none.`,
    }),
  scopes: z.array(scopeSchema).meta({
    description: `What the token may call; a write scope includes the read scope of the same resource. Omitted when creating: ${DEFAULT_SCOPES.join(" and ")}.`,
    examples: [["domains:read"]],
  }),
  ipAllowlist: z
    .array(ipAllowlistEntrySchema.meta({ examples: ["203.0.113.0/24"] }))
    .max(MAX_IP_ALLOWLIST_ENTRIES, { error: `At most ${MAX_IP_ALLOWLIST_ENTRIES} entries` })
    .meta({
      description:
        "IPv4/IPv6 addresses and CIDR ranges the token may be used from; empty for any address. A range with host bits set (10.0.0.5/24) is refused.",
    }),
  expiresOn: z
    .string()
    .nullable()
    .meta({
      description:
        "Expiration date (YYYY-MM-DD, after today in UTC): the token stops working at 00:00 UTC that day. Null for never.",
      examples: ["2099-12-31"],
    }),
  domainIds: z
    .array(z.string().meta({ format: "uuid" }))
    .nullable()
    .meta({
      description: `${DOMAIN_IDS_DESCRIPTION} Each id must be one of the organization's domains (422 on \`domainIds\` otherwise). A token calling this can only select domains within its own selection.`,
      examples: [["01937a2c-6b1e-7c44-9e0b-3f5d2a8c9e11"]],
    }),
};

// Only for a body that is no object; an unknown field keeps Zod's message naming it.
const NOT_AN_OBJECT = {
  error: (issue: { code?: string }) =>
    issue.code === "invalid_type" ? "Request body must be a JSON object" : undefined,
};

export const createTokenBodySchema = z.strictObject(
  {
    name: tokenBodyFields.name,
    description: tokenBodyFields.description.optional(),
    scopes: tokenBodyFields.scopes.optional(),
    ipAllowlist: tokenBodyFields.ipAllowlist.optional(),
    expiresOn: tokenBodyFields.expiresOn.optional(),
    domainIds: tokenBodyFields.domainIds.optional().meta({
      description: `${tokenBodyFields.domainIds.description} Omitted: all domains.`,
    }),
    template: tokenTemplateSchema.optional().meta({
      description:
        "The template the token starts from, recorded on it and shown on its page: `ci-deploy`, `monitoring`, `log-export` or `token-admin`. It fills what the body leaves out: its scopes, and its suggested lifetime from today (within the organization's maximum token lifetime) as `expiresOn`.",
      examples: ["ci-deploy"],
    }),
  },
  NOT_AN_OBJECT,
);

/** Every field optional: what is left out keeps its current value. */
export const updateTokenBodySchema = z.strictObject(
  {
    name: tokenBodyFields.name.optional(),
    description: tokenBodyFields.description.optional(),
    scopes: tokenBodyFields.scopes.optional(),
    ipAllowlist: tokenBodyFields.ipAllowlist.optional(),
    expiresOn: tokenBodyFields.expiresOn.optional(),
    domainIds: tokenBodyFields.domainIds.optional(),
  },
  NOT_AN_OBJECT,
);

/** POST /api/v1/tokens/{id}/rotate: how long the old token keeps working; `{}` for at once. */
export const rotateTokenBodySchema = z.strictObject(
  {
    gracePeriodSeconds: rotationInputSchema.shape.gracePeriodSeconds.default(0).meta({
      description: `How long the old token keeps working, in seconds: 0 (the default) to ${MAX_GRACE_PERIOD_SECONDS} (7 days). Never past the old token's own expiry.`,
      examples: [3600],
    }),
    expireOnFirstUse: rotationInputSchema.shape.expireOnFirstUse.default(false).meta({
      description:
        "End the grace period as soon as the new token makes its first accepted request.",
    }),
    expiresOn: tokenBodyFields.expiresOn.optional().meta({
      description:
        "The new token's expiration date (YYYY-MM-DD, after today in UTC; null for never), within the organization's maximum token lifetime (422 on `expiresOn` otherwise). Left out: the old token's expiry, clamped to that maximum (`data.expiryLimitedByPolicy` says so).",
      examples: ["2099-12-31"],
    }),
    domainIds: tokenBodyFields.domainIds.optional().meta({
      description: `The new token's domain selection. Left out: the old token's. ${tokenBodyFields.domainIds.description}`,
    }),
  },
  NOT_AN_OBJECT,
);

export type CreateTokenBody = z.output<typeof createTokenBodySchema>;
export type UpdateTokenBody = z.output<typeof updateTokenBodySchema>;
