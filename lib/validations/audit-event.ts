import { z } from "zod";
import { paginationSchema } from "@/lib/validations/pagination";

// An audit event as GET /api/v1/audit-events answers it (declared once; the OpenAPI
// document is built from it).

export const auditEventSchema = z.object({
  id: z.uuid(),
  createdAt: z.iso.datetime().meta({ description: "When it happened (UTC)." }),
  action: z
    .string()
    .meta({ description: "What happened, e.g. `token.revoked`.", examples: ["token.revoked"] }),
  actionLabel: z.string().meta({ examples: ["Token revoked"] }),
  actor: z
    .object({
      type: z.enum(["user", "token", "system"]),
      id: z.string().nullable().meta({ description: "The member's or token's id." }),
      name: z.string().meta({ description: "The member's name or email, or the token's name." }),
    })
    .meta({ description: "Who acted: a member, a token through the API, or MailShield." }),
  target: z.object({
    type: z.string().meta({ examples: ["api_token"] }),
    id: z.string().nullable(),
    name: z.string().nullable(),
  }),
  ip: z.string().nullable().meta({ description: "The client IP the action came from." }),
  details: z
    .record(z.string(), z.unknown())
    .meta({ description: "What changed (never token material)." }),
});

export type AuditEventJson = z.infer<typeof auditEventSchema>;

export const auditEventListSchema = z.object({
  data: z.array(auditEventSchema),
  pagination: paginationSchema,
});
