import type { Metadata } from "next";
import { LinkOutcome } from "@/components/auth/link-outcome";
import { DEFAULT_SIGNED_IN_PATH } from "@/lib/auth/callback-url";
import { getRequestIp } from "@/lib/auth/request-ip";
import { isAppError } from "@/lib/errors";
import { INVALID_VERIFICATION_MESSAGE, verifyEmail } from "@/lib/services/users/email-verification";
import { LINK_CODE_PATTERN } from "@/lib/validations/link-code";

export const metadata: Metadata = { title: "Verify your email address", referrer: "no-referrer" };

/**
 * Opening the link verifies the address: the link only proves that its reader receives
 * mail there, and a mail scanner opening it first proves the same. A second opening says it
 * is done, not that it failed.
 */
export default async function VerifyEmailPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const next = { href: DEFAULT_SIGNED_IN_PATH, label: "Go to MailShield" };
  if (!LINK_CODE_PATTERN.test(code)) {
    return (
      <LinkOutcome
        title="This link cannot be used"
        message={INVALID_VERIFICATION_MESSAGE}
        next={next}
      />
    );
  }
  try {
    const outcome = await verifyEmail(code, await getRequestIp());
    return (
      <LinkOutcome
        title={outcome === "verified" ? "Email address verified" : "Already verified"}
        message="Your address is verified: you can invite members and create API tokens."
        next={next}
      />
    );
  } catch (error) {
    if (!isAppError(error)) throw error;
    return <LinkOutcome title="This link cannot be used" message={error.message} next={next} />;
  }
}
