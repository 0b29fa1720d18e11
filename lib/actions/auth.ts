"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getRequestIp } from "@/lib/auth/request-ip";
import { getSessionContext } from "@/lib/auth/session";
import { SIGNED_UP_EMAIL_COOKIE } from "@/lib/auth/signup-flash";
import { type FieldErrors, isAppError } from "@/lib/errors";
import { bumpSessionVersion } from "@/lib/services/users/session-version";
import { signUp } from "@/lib/services/users/sign-up";
import { signUpSchema } from "@/lib/validations/auth";
import { fieldErrorsFromZodError, formText } from "@/lib/validations/forms";

export interface SignUpFormValues {
  name: string;
  organizationName: string;
  email: string;
}

export interface SignUpFormState {
  fieldErrors: FieldErrors;
  formError: string | null;
  /** What the user typed (never the password), so a failed submit loses nothing. */
  values: SignUpFormValues;
}

export async function signUpAction(
  _previous: SignUpFormState,
  formData: FormData,
): Promise<SignUpFormState> {
  const values: SignUpFormValues = {
    name: formText(formData, "name"),
    organizationName: formText(formData, "organizationName"),
    email: formText(formData, "email"),
  };
  const parsed = signUpSchema.safeParse({ ...values, password: formText(formData, "password") });
  if (!parsed.success) {
    const fieldErrors = fieldErrorsFromZodError(parsed.error);
    return { fieldErrors, formError: null, values };
  }

  try {
    await signUp(parsed.data, await getRequestIp());
  } catch (error) {
    if (isAppError(error)) {
      return { fieldErrors: error.fieldErrors ?? {}, formError: error.message, values };
    }
    console.error("Sign-up failed", error);
    return {
      fieldErrors: {},
      formError: "We could not create your account right now. Please try again in a moment.",
      values,
    };
  }

  (await cookies()).set(SIGNED_UP_EMAIL_COOKIE, parsed.data.email, {
    httpOnly: true,
    sameSite: "lax",
    path: "/login",
    maxAge: 10 * 60,
  });
  redirect("/login?registered=1");
}

// Session cookie names next-auth v4 uses over HTTP and HTTPS, plus the chunks it writes
// when a token outgrows one cookie.
const SESSION_COOKIE_PATTERN = /^(__Secure-)?next-auth\.session-token(\.\d+)?$/;

/**
 * Signs the user out everywhere: bumping the session version invalidates every JWT issued
 * so far (other browsers included), and the cookies of this browser are cleared.
 */
export async function signOutAction(): Promise<void> {
  const context = await getSessionContext().catch(() => null);
  if (context) await bumpSessionVersion(context.user.id);

  const cookieStore = await cookies();
  for (const cookie of cookieStore.getAll()) {
    if (!SESSION_COOKIE_PATTERN.test(cookie.name)) continue;
    cookieStore.set(cookie.name, "", {
      path: "/",
      maxAge: 0,
      httpOnly: true,
      sameSite: "lax",
      // Browsers ignore a `__Secure-` cookie, even a deletion, without the Secure flag.
      secure: cookie.name.startsWith("__Secure-"),
    });
  }
  redirect("/login");
}
