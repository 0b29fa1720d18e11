"use server";

import { logger } from "@/lib/logger";
import { changePassword } from "@/lib/services/users/change-password";
import { deviceCookieForUser } from "@/lib/services/users/trusted-device";
import { storeDeviceCookie } from "@/lib/session/device-cookie-jar";
import { reissueSessionWithVersion } from "@/lib/session/reissue-session";
import { changePasswordSchema } from "@/lib/validations/auth";
import { defineAction } from "./define-action";

/**
 * Changes the signed-in user's password. Every other session ends (the session version
 * moves on); this browser's session is re-issued with the new version so the user stays
 * signed in here. `signedOut` is true when this browser was signed out too and must sign in
 * again. The change invalidates every device cookie of the account, so this browser, which
 * has just proved the password, gets a new one.
 */
export const changePasswordAction = defineAction(
  {
    name: "account.changePassword",
    beforeTwoFactorSetup: true,
    schema: changePasswordSchema,
    failureMessage: "Your password could not be changed right now. Please try again in a moment.",
  },
  async ({ input, session, ip }) => {
    const { sessionVersion } = await changePassword({
      userId: session.user.id,
      input,
      ip,
      currentSessionId: session.sessionId,
    });
    const stillSignedIn = await reissueSessionWithVersion(sessionVersion);
    await renewDeviceCookie(session.user.id);
    return {
      data: { signedOut: !stillSignedIn },
      message: stillSignedIn
        ? "Password changed. Every other session has been signed out."
        : "Password changed. Every session has been signed out; sign in again with your new password.",
    };
  },
);

/** Best effort: the password has changed either way; without it, the next sign-in here renews it. */
async function renewDeviceCookie(userId: string): Promise<void> {
  try {
    await storeDeviceCookie(await deviceCookieForUser(userId));
  } catch (error) {
    logger().error({ error }, "device cookie renewal failed");
  }
}
