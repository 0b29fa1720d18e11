import { reloadConfig } from "@/lib/config";

export { uniqueIp } from "@/lib/rate-limit/test-stores";

import { createCredential } from "@/test/webauthn-authenticator";
import { finishPasskeyRegistration, startPasskeyRegistration } from "./register-passkey";

// Shared by the passkey service tests: the public URL they configure, and a passkey added
// the way the Settings page adds one (with a software authenticator).

export const PUBLIC_URL = "https://app.mailshield.test";
export const RP_ID = "app.mailshield.test";
export const ORIGIN = PUBLIC_URL;

/** Configures the public URL (and SMTP_URL when given) for the tests of this file. */
export function configurePublicUrl(smtpUrl?: string): () => void {
  process.env.NEXTAUTH_URL = PUBLIC_URL;
  if (smtpUrl) process.env.SMTP_URL = smtpUrl;
  reloadConfig();
  return () => {
    delete process.env.NEXTAUTH_URL;
    delete process.env.SMTP_URL;
    reloadConfig();
  };
}

/** Adds a passkey named `name` to `userId`; returns it with the authenticator's key. */
export async function addTestPasskey(userId: string, name = "Work laptop") {
  const { challengeId, options } = await startPasskeyRegistration(userId);
  const { response, credential } = createCredential(options, { origin: ORIGIN });
  const passkey = await finishPasskeyRegistration({
    userId,
    challengeId,
    name,
    response,
    ip: "203.0.113.7",
  });
  return { passkey, credential };
}
