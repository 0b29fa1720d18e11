import { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";

const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export const validationIssueSchema = z.object({
  path: z.string().meta({
    description:
      'Dotted path of the offending field ("name", "limit"); empty for the body as a whole.',
    examples: ["name"],
  }),
  message: z.string().meta({ examples: ["Enter a valid domain name, like example.com"] }),
});

/** The one error shape of /api/v1 (the documentation's contract, not just a type). */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES).meta({ description: "Stable, machine-readable error code." }),
    message: z
      .string()
      .meta({ description: "Human-readable explanation; may change between versions." }),
    issues: z
      .array(validationIssueSchema)
      .optional()
      .meta({ description: "Present on validation_error: one entry per problem." }),
  }),
});
