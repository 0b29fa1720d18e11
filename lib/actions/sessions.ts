"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { SECURITY_SETTINGS_PATH } from "@/lib/paths";
import {
  type Confirmation,
  confirmationMethods,
  confirmIdentity,
  startPasskeyConfirmation,
} from "@/lib/services/sessions/confirm-identity";
import { endOtherSessions, endSession } from "@/lib/services/sessions/records";
import { confirmIdentitySchema, endSessionSchema } from "@/lib/validations/sessions";
import { defineAction } from "./define-action";

const NO_INPUT = z.object({});

// The person's own sessions (Settings → Security → Sessions) and "Confirm it's you". No
// permission: every member manages their own account, whatever their role.

/** Signs out one of the person's other sessions. */
export const endSessionAction = defineAction(
  {
    name: "sessions.end",
    schema: endSessionSchema,
    failureMessage: "The session was not signed out. Please try again.",
  },
  async ({ input, session, ip }) => {
    await endSession(session.user.id, input.sessionId, {
      currentSessionId: session.sessionId,
      ip,
    });
    revalidatePath(SECURITY_SETTINGS_PATH);
    return { data: null, message: "Session signed out." };
  },
);

/** Signs out every session of the person but this one. */
export const endOtherSessionsAction = defineAction(
  {
    name: "sessions.endOthers",
    schema: endSessionSchema.omit({ sessionId: true }),
    failureMessage: "The other sessions were not signed out. Please try again.",
  },
  async ({ session, ip }) => {
    const { ended } = await endOtherSessions(session.user.id, session.sessionId, { ip });
    revalidatePath(SECURITY_SETTINGS_PATH);
    return {
      data: { ended },
      message:
        ended === 0
          ? "There were no other sessions."
          : `Signed out of ${ended} other session${ended === 1 ? "" : "s"}.`,
    };
  },
);

/**
 * "Confirm it's you": opens sudo mode in this session for 15 minutes. Open while the
 * organization's two-factor policy is unmet, like the setup it guards.
 */
export const confirmIdentityAction = defineAction(
  {
    name: "sessions.confirm",
    schema: confirmIdentitySchema,
    beforeTwoFactorSetup: true,
    failureMessage: "We could not check that right now. Please try again.",
  },
  async ({ input, session }) => {
    const { confirmedAt } = await confirmIdentity({
      userId: session.user.id,
      sessionId: session.sessionId,
      confirmation: confirmationOf(input),
    });
    return { data: { confirmedAt: confirmedAt.toISOString() } };
  },
);

/** The ways the dialog offers: the person's own (password, code, passkey). */
export const confirmationMethodsAction = defineAction(
  {
    name: "sessions.confirmationMethods",
    schema: NO_INPUT,
    beforeTwoFactorSetup: true,
    failureMessage: "We could not check that right now. Please try again.",
  },
  async ({ session }) => ({ data: { methods: await confirmationMethods(session.user.id) } }),
);

/** Step one of confirming with a passkey: the options for navigator.credentials.get(). */
export const startPasskeyConfirmationAction = defineAction(
  {
    name: "sessions.startPasskeyConfirmation",
    schema: NO_INPUT,
    beforeTwoFactorSetup: true,
    failureMessage: "Your passkey cannot be used right now. Please try again in a moment.",
  },
  async ({ session, ip }) => ({ data: await startPasskeyConfirmation(session.user.id, ip) }),
);

function confirmationOf(input: {
  method: Confirmation["method"];
  password?: string;
  code?: string;
  challengeId?: string;
  response?: string;
}): Confirmation {
  switch (input.method) {
    case "password":
      return { method: "password", password: input.password ?? "" };
    case "authentication_code":
      return { method: "authentication_code", code: input.code ?? "" };
    case "passkey":
      return {
        method: "passkey",
        challengeId: input.challengeId ?? "",
        response: input.response ?? "",
      };
  }
}
