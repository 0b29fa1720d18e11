import { z } from "zod";
import { toWellFormedText } from "@/lib/validations/well-formed-text";

// The body and answer of POST /api/v1/secret-scanning/revoke, in the format of GitHub's
// secret-scanning partner program: a list of found values, each answered with whether it
// is one of our tokens. Only the list's shape is strict (a JSON array of objects, at most
// MAX_SECRET_SCANNING_REPORTS, else 422): within an entry, a field that is not a string
// counts as absent, so a malformed entry is answered on its own (`false_positive`) and
// the rest of the batch is still handled.

export const MAX_SECRET_SCANNING_REPORTS = 100;

/**
 * A string field; anything else (a number, null, an object) reads as "". A lone surrogate
 * becomes U+FFFD: these texts are only kept or echoed, and an odd character in where a
 * token was found must not stop its revocation.
 */
const reportedText = (description: string) =>
  z.string().transform(toWellFormedText).catch("").meta({ description });

export const secretScanningReportSchema = z.object({
  token: reportedText("The value found, e.g. `ms_…`."),
  type: reportedText("The reporter's name for the kind of secret; echoed as `token_type`."),
  url: reportedText("Where the value was found (an https URL)."),
  source: reportedText("What kind of place it was found in: `content`, `commit`, `gist`, …"),
});

export const secretScanningReportsSchema = z
  .array(secretScanningReportSchema)
  .max(MAX_SECRET_SCANNING_REPORTS, {
    error: `At most ${MAX_SECRET_SCANNING_REPORTS} tokens per request`,
  });

export const secretScanningLabelSchema = z.enum(["true_positive", "false_positive"]);

export const secretScanningResultSchema = z.object({
  token_raw: z.string().meta({ description: "The `token` of the entry, as sent." }),
  token_type: z.string().meta({ description: "The `type` of the entry, as sent." }),
  label: secretScanningLabelSchema.meta({
    description:
      "`true_positive`: a MailShield token, now unusable (revoked now, or revoked or expired before). `false_positive`: not one of ours.",
  }),
});

/** One answer per entry, in the order sent. */
export const secretScanningResultsSchema = z.array(secretScanningResultSchema);

export type SecretScanningResult = z.infer<typeof secretScanningResultSchema>;
