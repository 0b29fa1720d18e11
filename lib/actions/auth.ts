"use server";

import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { SIGNED_UP_EMAIL_COOKIE } from "@/lib/auth/signup-flash";
import { signOutSession } from "@/lib/services/sessions/records";
import { signUp } from "@/lib/services/users/sign-up";
import { rememberOrganization } from "@/lib/session/current-organization";
import { getSignedInUser } from "@/lib/session/session";
import { invitedSignUpSchema, signUpSchema } from "@/lib/validations/auth";
import { defineAction } from "./define-action";

/**
 * Creates the account. The form then signs the new user in with the same credentials
 * (next-auth's credentials sign-in, which sets the session cookie); the email cookie is for
 * the fallback, the sign-in page with the email filled in, when that sign-in fails.
 */
export const signUpAction = defineAction(
  {
    name: "auth.signUp",
    schema: signUpSchema,
    access: "anyone",
    failureMessage: "We could not create your account right now. Please try again in a moment.",
  },
  async ({ input, ip }) => {
    await signUp(input, ip);
    await rememberSignedUpEmail(input.email);
    return { data: null };
  },
);

/**
 * Creates the account of someone invited: it joins the inviting organization (which becomes
 * this browser's current one) instead of getting its own. The form then signs in as above.
 */
export const signUpWithInvitationAction = defineAction(
  {
    name: "auth.signUpWithInvitation",
    schema: invitedSignUpSchema,
    access: "anyone",
    failureMessage: "We could not create your account right now. Please try again in a moment.",
  },
  async ({ input, ip }) => {
    const { organizationId } = await signUp(input, ip);
    await rememberSignedUpEmail(input.email);
    await rememberOrganization(organizationId);
    return { data: null };
  },
);

/** For the sign-in page's fallback, should signing the new account in fail. */
async function rememberSignedUpEmail(email: string): Promise<void> {
  (await cookies()).set(SIGNED_UP_EMAIL_COOKIE, email, {
    httpOnly: true,
    sameSite: "lax",
    path: "/login",
    maxAge: 10 * 60,
  });
}

// Session cookie names next-auth v4 uses over HTTP and HTTPS, plus the chunks it writes
// when a token outgrows one cookie.
const SESSION_COOKIE_PATTERN = /^(__Secure-)?next-auth\.session-token(\.\d+)?$/;

/**
 * Signs the user out of this browser: its session's row is deleted, so the JWT is refused
 * even if a copy of the cookie survives, and the cookies of this browser are cleared. Other
 * sessions go on; Settings → Security → Sessions ends them.
 *
 * The one action not defined with defineAction: it takes no input and answers only with a
 * redirect, and it is a plain <form action> so signing out works before JavaScript has
 * loaded, which needs a function returning nothing. It must work without a valid session.
 * An optional `callbackUrl` field sends the sign-in page back there afterwards.
 *
 * Anything but a form (or nothing) is a forged call: it is refused before the session is
 * touched. A void action has no result to carry the refusal, so it answers Next's 404.
 */
export async function signOutAction(form?: FormData): Promise<void> {
  if (form !== undefined && !(form instanceof FormData)) notFound();
  // The user, not their session context: one who belongs to no organization any more
  // signs out too.
  const signedIn = await getSignedInUser().catch(() => null);
  if (signedIn) await signOutSession(signedIn.user.id, signedIn.sessionId);

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
  // A page offering to sign out and back in as someone else (the invite page) names where
  // to come back to; it passes the same check as every other redirect target.
  const callback = form?.get("callbackUrl");
  redirect(
    typeof callback === "string" && callback
      ? `/login?callbackUrl=${encodeURIComponent(safeCallbackPath(callback))}`
      : "/login",
  );
}
