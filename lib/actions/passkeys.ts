"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { SECURITY_SETTINGS_PATH } from "@/lib/paths";
import { admitPasskeySignInChallenge } from "@/lib/rate-limit/passkey-challenge-limits";
import {
  type PasskeyAssertionStart,
  startPasskeySignIn,
} from "@/lib/services/passkeys/authenticate-passkey";
import { removePasskey } from "@/lib/services/passkeys/manage-passkeys";
import {
  finishPasskeyRegistration,
  type PasskeyRegistrationStart,
  startPasskeyRegistration,
} from "@/lib/services/passkeys/register-passkey";
import { passkeysAvailable } from "@/lib/services/passkeys/relying-party";
import { addPasskeySchema, removePasskeySchema } from "@/lib/validations/passkeys";
import { defineAction } from "./define-action";

// Passkeys of the signed-in person (Settings → Security) and the sign-in page's passkey
// button. Each acts on the session's own person only; none needs a permission in the
// organization, because a passkey belongs to the person, not to an organization.

const NO_INPUT = z.object({});

/** Step one of Add a passkey: the options for navigator.credentials.create(). */
export const startPasskeyRegistrationAction = defineAction(
  {
    name: "passkeys.startRegistration",
    schema: NO_INPUT,
    // A passkey is a second factor: open while the organization requires one.
    beforeTwoFactorSetup: true,
    failureMessage: "A passkey cannot be added right now. Please try again in a moment.",
  },
  async ({ session }): Promise<{ data: PasskeyRegistrationStart }> => {
    assertPasskeysAvailable();
    return { data: await startPasskeyRegistration(session.user.id) };
  },
);

/** Step two: the authenticator's answer, checked and stored under the name the person chose. */
export const addPasskeyAction = defineAction(
  {
    name: "passkeys.add",
    schema: addPasskeySchema,
    beforeTwoFactorSetup: true,
    sudo: true,
    failureMessage: "Your passkey could not be added right now. Please try again in a moment.",
  },
  async ({ input, session, ip }) => {
    const passkey = await finishPasskeyRegistration({
      userId: session.user.id,
      challengeId: input.challengeId,
      name: input.name,
      response: input.response,
      ip,
    });
    revalidatePath(SECURITY_SETTINGS_PATH);
    return { data: { id: passkey.id }, message: `Passkey “${passkey.name}” added.` };
  },
);

export const removePasskeyAction = defineAction(
  {
    name: "passkeys.remove",
    schema: removePasskeySchema,
    sudo: true,
    failureMessage: "The passkey could not be removed right now. Please try again in a moment.",
  },
  async ({ input, session, ip }) => {
    const { name } = await removePasskey({
      userId: session.user.id,
      passkeyId: input.passkeyId,
      ip,
    });
    revalidatePath(SECURITY_SETTINGS_PATH);
    return { data: null, message: `Passkey “${name}” removed.` };
  },
);

/**
 * Step one of Sign in with a passkey (public: nobody is signed in yet). Step two is
 * next-auth's "passkey" provider (lib/session/passkey-provider.ts).
 */
export const startPasskeySignInAction = defineAction(
  {
    name: "passkeys.startSignIn",
    schema: NO_INPUT,
    access: "anyone",
    failureMessage: "Passkey sign-in is unavailable right now. Please try again in a moment.",
  },
  async ({ ip }): Promise<{ data: PasskeyAssertionStart }> => {
    assertPasskeysAvailable();
    const admission = ip ? await admitPasskeySignInChallenge(ip) : { allowed: true as const };
    if (!admission.allowed) {
      const minutes = Math.ceil(admission.retryAfterSeconds / 60);
      throw new AppError(
        "rate_limited",
        `Too many passkey sign-in attempts from this network. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      );
    }
    return { data: await startPasskeySignIn() };
  },
);

function assertPasskeysAvailable(): void {
  if (!passkeysAvailable()) {
    throw new AppError(
      "bad_request",
      "Passkeys need the dashboard to be served on a domain name, not an IP address.",
    );
  }
}
