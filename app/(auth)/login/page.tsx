import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { SIGNED_UP_EMAIL_COOKIE } from "@/lib/auth/signup-flash";
import { getSessionContext } from "@/lib/session/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackPath = safeCallbackPath(params.callbackUrl);
  if (await getSessionContext()) redirect(callbackPath);

  const registered = params.registered === "1";
  const signedUpEmail = registered
    ? ((await cookies()).get(SIGNED_UP_EMAIL_COOKIE)?.value ?? "")
    : "";
  const error = typeof params.error === "string" ? params.error : null;

  return (
    <LoginForm
      initialEmail={signedUpEmail}
      callbackPath={callbackPath}
      registered={registered}
      initialError={error}
    />
  );
}
