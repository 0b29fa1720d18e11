import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/signup-form";
import { DEFAULT_SIGNED_IN_PATH } from "@/lib/auth/callback-url";
import { getSessionContext } from "@/lib/session/session";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage() {
  if (await getSessionContext()) redirect(DEFAULT_SIGNED_IN_PATH);
  return <SignUpForm />;
}
