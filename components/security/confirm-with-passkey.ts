"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import type { ActionResult } from "@/lib/actions/result";
import { confirmIdentityAction, startPasskeyConfirmationAction } from "@/lib/actions/sessions";
import { passkeyPromptFailureMessage } from "@/lib/auth/passkey-messages";

/**
 * "Confirm it's you" with a passkey: options for the person's own passkeys, the browser's
 * prompt, then the assertion to the same action as a password. Answers the action's result,
 * or a failure with the prompt's own message when no passkey was used.
 */
export async function confirmWithPasskey(): Promise<ActionResult<unknown>> {
  const started = await startPasskeyConfirmationAction({});
  if (!started.ok) return started;
  let response: Awaited<ReturnType<typeof startAuthentication>>;
  try {
    response = await startAuthentication({ optionsJSON: started.data.options });
  } catch (caught) {
    return {
      ok: false,
      message: passkeyPromptFailureMessage(caught, "get"),
      fieldErrors: {},
      values: {},
    };
  }
  return confirmIdentityAction({
    method: "passkey",
    challengeId: started.data.challengeId,
    response: JSON.stringify(response),
  });
}
