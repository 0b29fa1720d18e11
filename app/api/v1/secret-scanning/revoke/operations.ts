import type { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { storableText } from "@/lib/api/redaction";
import { requestLogger } from "@/lib/logger";
import { reportExposedTokens, type TokenExposure } from "@/lib/services/tokens";
import {
  MAX_SECRET_SCANNING_REPORTS,
  type secretScanningReportSchema,
  secretScanningReportsSchema,
  secretScanningResultsSchema,
} from "@/lib/validations/secret-scanning";

// POST /api/v1/secret-scanning/revoke: where a secret-scanning service (or a customer) reports
// tokens found in public. Public, since the reporter holds no token of ours: anyone who has
// a token may have it revoked, and learns nothing beyond "ours" or "not ours".

const MAX_EXPOSED_URL_LENGTH = 2048;
const MAX_EXPOSED_SOURCE_LENGTH = 100;

/**
 * What is kept of where a token was found: token-shaped values masked (a URL may contain
 * the token itself), control characters escaped, clipped. Empty means not reported.
 */
function exposureOf(report: z.output<typeof secretScanningReportSchema>): TokenExposure {
  const keep = (value: string, max: number) => (value === "" ? null : storableText(value, max));
  return {
    url: keep(report.url, MAX_EXPOSED_URL_LENGTH),
    source: keep(report.source, MAX_EXPOSED_SOURCE_LENGTH),
  };
}

export const revokeExposedTokensOperation = defineOperation(
  {
    method: "POST",
    path: "/api/v1/secret-scanning/revoke",
    operationId: "revokeExposedTokens",
    summary: "Report exposed tokens",
    description: `Public (no token): reports values found in public, in the format of GitHub's secret-scanning partner program. Each MailShield token that still works is revoked at once and its organization is shown where it was found. Answers one entry per entry sent, in order: \`true_positive\` for a MailShield token (revoked now, or already unusable), \`false_positive\` otherwise (also for an entry whose \`token\` is not a string). At most ${MAX_SECRET_SCANNING_REPORTS} entries per request; requests are limited per client IP.`,
    tag: "Secret scanning",
    auth: "none",
    body: secretScanningReportsSchema,
    bodyExample: [
      {
        token: "ms_…",
        type: "mailshield_token",
        url: "https://gist.github.com/x",
        source: "gist",
      },
    ],
    responses: {
      200: { schema: secretScanningResultsSchema, description: "One label per entry, in order." },
    },
  },
  async ({ body, clientIp, requestId, json }) => {
    const ours = await reportExposedTokens(
      body.map((report) => ({ token: report.token, exposure: exposureOf(report) })),
      clientIp,
    );
    // No organization's access log takes these requests; operators see counts, never values.
    requestLogger(requestId).info(
      { reported: body.length, ours: ours.filter(Boolean).length, clientIp },
      "secret-scanning report",
    );
    return json(
      body.map((report, index) => ({
        token_raw: report.token,
        token_type: report.type,
        label: ours[index] ? "true_positive" : "false_positive",
      })),
    );
  },
);
