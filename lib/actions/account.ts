"use server";

import { reissueSessionWithVersion } from "@/lib/auth/reissue-session";
import { changePassword } from "@/lib/services/users/change-password";
import { changePasswordSchema } from "@/lib/validations/auth";
import { defineAction } from "./define-action";

/**
 * Changes the signed-in user's password. Every other session ends (the session version
 * moves on); this browser's session is re-issued with the new version so the user stays
 * signed in here. `signedOut` is true when this browser was signed out too and must sign in
 * again.
 */
export const changePasswordAction = defineAction(
  {
    name: "account.changePassword",
    schema: changePasswordSchema,
    failureMessage: "Your password could not be changed right now. Please try again in a moment.",
  },
  async ({ input, session, ip }) => {
    const { sessionVersion } = await changePassword({
      userId: session.user.id,
      organizationId: session.organization.id,
      input,
      ip,
    });
    const stillSignedIn = await reissueSessionWithVersion(sessionVersion);
    return {
      data: { signedOut: !stillSignedIn },
      message: stillSignedIn
        ? "Password changed. Every other session has been signed out."
        : "Password changed. Every session has been signed out; sign in again with your new password.",
    };
  },
);
