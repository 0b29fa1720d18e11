import type { Metadata } from "next";
import { LinkOutcome } from "@/components/auth/link-outcome";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { isAppError } from "@/lib/errors";
import { checkPasswordResetLink } from "@/lib/services/users/password-reset";
import { INVALID_RESET_LINK_MESSAGE } from "@/lib/validations/auth";
import { LINK_CODE_PATTERN } from "@/lib/validations/link-code";

// The link's secret is in this page's address: no Referer header may carry it elsewhere.
export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

/** The account a link resets, or why it cannot be used. */
async function openResetLink(code: string): Promise<{ email: string } | { problem: string }> {
  if (!LINK_CODE_PATTERN.test(code)) return { problem: INVALID_RESET_LINK_MESSAGE };
  try {
    return await checkPasswordResetLink(code);
  } catch (error) {
    if (isAppError(error)) return { problem: error.message };
    throw error;
  }
}

/** Opening the link uses nothing up (a mail scanner may open it first): setting the password does. */
export default async function ResetPasswordPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const link = await openResetLink(code);
  if ("problem" in link) {
    return (
      <LinkOutcome
        title="This link cannot be used"
        message={link.problem}
        next={{ href: "/forgot-password", label: "Send a new reset link" }}
      />
    );
  }
  return <ResetPasswordForm code={code} email={link.email} />;
}
