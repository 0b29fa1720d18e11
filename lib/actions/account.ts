"use server";

import { storeDeviceCookie } from "@/lib/auth/device-cookie-jar";
import { reissueSessionWithVersion } from "@/lib/auth/reissue-session";
import { getRequestIp } from "@/lib/auth/request-ip";
import { requireActionContext } from "@/lib/auth/session";
import { type FieldErrors, isAppError } from "@/lib/errors";
import { changePassword } from "@/lib/services/users/change-password";
import { deviceCookieForUser } from "@/lib/services/users/trusted-device";
import { changePasswordSchema } from "@/lib/validations/auth";
import { fieldErrorsFromZodError, formText } from "@/lib/validations/forms";

export interface ChangePasswordFormState {
  status: "idle" | "success" | "error";
  message: string | null;
  fieldErrors: FieldErrors;
  /** True when this browser was signed out too and must sign in again. */
  signedOut: boolean;
}

/**
 * Changes the signed-in user's password. Every other session ends (the session version
 * moves on); this browser's session is re-issued with the new version so the user stays
 * signed in here. The change invalidates every device cookie of the account, so this
 * browser, which has just proved the password, gets a new one.
 */
export async function changePasswordAction(
  _previous: ChangePasswordFormState,
  formData: FormData,
): Promise<ChangePasswordFormState> {
  const parsed = changePasswordSchema.safeParse({
    currentPassword: formText(formData, "currentPassword"),
    newPassword: formText(formData, "newPassword"),
    confirmPassword: formText(formData, "confirmPassword"),
  });
  if (!parsed.success) {
    const fieldErrors = fieldErrorsFromZodError(parsed.error);
    return { status: "error", message: null, fieldErrors, signedOut: false };
  }

  try {
    const context = await requireActionContext();
    const { sessionVersion } = await changePassword({
      userId: context.user.id,
      organizationId: context.organization.id,
      input: parsed.data,
      ip: await getRequestIp(),
    });
    const stillSignedIn = await reissueSessionWithVersion(sessionVersion);
    await renewDeviceCookie(context.user.id);
    return {
      status: "success",
      message: stillSignedIn
        ? "Password changed. Every other session has been signed out."
        : "Password changed. Every session has been signed out; sign in again with your new password.",
      fieldErrors: {},
      signedOut: !stillSignedIn,
    };
  } catch (error) {
    if (isAppError(error)) {
      return {
        status: "error",
        message: error.fieldErrors ? null : error.message,
        fieldErrors: error.fieldErrors ?? {},
        signedOut: false,
      };
    }
    console.error("Password change failed", error);
    return {
      status: "error",
      message: "Your password could not be changed right now. Please try again in a moment.",
      fieldErrors: {},
      signedOut: false,
    };
  }
}

/** Best effort: the password has changed either way; without it, the next sign-in here renews it. */
async function renewDeviceCookie(userId: string): Promise<void> {
  try {
    await storeDeviceCookie(await deviceCookieForUser(userId));
  } catch (error) {
    console.error("Device cookie renewal failed", error);
  }
}
