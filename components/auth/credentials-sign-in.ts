"use client";

import { signIn } from "next-auth/react";

/**
 * Signs in with an email and password through next-auth's credentials sign-in, the same as
 * the sign-in page: its limits, cookies and any further step apply. True when it worked.
 * Used right after the password was set (sign-up, a password reset).
 */
export async function signInWithCredentials(email: string, password: string): Promise<boolean> {
  try {
    const result = await signIn("credentials", { email: email.trim(), password, redirect: false });
    return Boolean(result?.ok && !result.error);
  } catch {
    return false;
  }
}
