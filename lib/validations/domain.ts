import { domainToASCII } from "node:url";
import { z } from "zod";
import { paginationSchema } from "@/lib/validations/pagination";

export const MAX_DOMAIN_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;
// Longer input cannot become a valid name even after trimming; refuse it before any work.
const MAX_RAW_LENGTH = 1024;

const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
// Top-level domains are alphabetic; internationalized ones appear in punycode (xn--…).
const TOP_LEVEL_LABEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

export type DomainNameResult = { ok: true; name: string } | { ok: false; message: string };

/**
 * Normalizes what a user typed into the form the database stores: trimmed, lower-case,
 * without a trailing dot, internationalized names in punycode (`bücher.de` →
 * `xn--bcher-kva.de`). Rejects anything that is not a registrable-looking host name:
 * URLs, e-mail addresses, IP addresses, single labels, and labels outside
 * letters-digits-hyphen.
 */
export function normalizeDomainName(input: string): DomainNameResult {
  if (input.length > MAX_RAW_LENGTH) {
    return { ok: false, message: `Domain name must be at most ${MAX_DOMAIN_LENGTH} characters` };
  }
  let name = input.trim().toLowerCase();
  if (name === "") return { ok: false, message: "Enter a domain name" };
  if (/[/:@?#\s]/.test(name)) {
    return {
      ok: false,
      message:
        "Enter only the domain name, like example.com (no https://, path, port or e-mail address)",
    };
  }
  if (name.endsWith(".")) name = name.slice(0, -1);

  const ascii = domainToASCII(name);
  if (ascii === "") return { ok: false, message: "Enter a valid domain name, like example.com" };
  if (ascii.length > MAX_DOMAIN_LENGTH) {
    return { ok: false, message: `Domain name must be at most ${MAX_DOMAIN_LENGTH} characters` };
  }

  const labels = ascii.split(".");
  if (labels.length < 2) {
    return {
      ok: false,
      message: "Enter a full domain name including its ending, like example.com",
    };
  }
  for (const label of labels) {
    if (label.length === 0)
      return { ok: false, message: "Domain name must not contain empty labels (..)" };
    if (label.length > MAX_LABEL_LENGTH) {
      return {
        ok: false,
        message: `Each part of a domain name must be at most ${MAX_LABEL_LENGTH} characters`,
      };
    }
    if (!LDH_LABEL.test(label)) {
      return {
        ok: false,
        message: "Domain name parts may only contain letters, digits and inner hyphens",
      };
    }
  }
  if (!TOP_LEVEL_LABEL.test(labels.at(-1)!)) {
    return { ok: false, message: "Domain name must end in a valid top-level domain, like .com" };
  }
  return { ok: true, name: ascii };
}

/** A domain name as accepted by forms and the API; parses to the normalized form. */
export const domainNameSchema = z
  .string({ error: "Enter a domain name" })
  .transform((value, ctx) => {
    const result = normalizeDomainName(value);
    if (result.ok) return result.name;
    ctx.addIssue({ code: "custom", message: result.message });
    return z.NEVER;
  })
  .meta({
    description:
      "Domain name. Trimmed, lower-cased, trailing dot removed; internationalized names are stored in punycode.",
    examples: ["example.com"],
  });

export const createDomainSchema = z.strictObject(
  { name: domainNameSchema },
  { error: "Request body must be a JSON object" },
);

export type CreateDomainInput = z.output<typeof createDomainSchema>;

export const CHECK_STATUSES = ["pending", "pass", "fail"] as const;
const checkStatusSchema = z.enum(CHECK_STATUSES);

/** A domain as /api/v1 returns it. Statuses are lower-case; times are ISO 8601 in UTC. */
export const domainSchema = z.object({
  id: z.uuid().meta({ examples: ["01937a2c-6b1e-7c44-9e0b-3f5d2a8c9e10"] }),
  name: z.string().meta({ examples: ["example.com"] }),
  spfStatus: checkStatusSchema.meta({ description: "Result of the latest SPF check." }),
  dkimStatus: checkStatusSchema.meta({ description: "Result of the latest DKIM check." }),
  dmarcStatus: checkStatusSchema.meta({ description: "Result of the latest DMARC check." }),
  dmarcPolicy: z
    .string()
    .nullable()
    .meta({
      description: "The published DMARC policy (none, quarantine, reject), if known.",
      examples: ["reject"],
    }),
  lastCheckedAt: z.iso.datetime().nullable().meta({ description: "When the checks last ran." }),
  createdAt: z.iso.datetime(),
});

export type DomainJson = z.output<typeof domainSchema>;

/** A single domain, wrapped like every success: {"data": …}. */
export const domainResponseSchema = z.object({ data: domainSchema });

export const domainListSchema = z.object({
  data: z.array(domainSchema),
  pagination: paginationSchema,
});
