"use server";

import { revalidatePath } from "next/cache";
import { getRequestIp } from "@/lib/auth/request-ip";
import { requireActionContext } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { createToken, revokeToken, updateToken } from "@/lib/services/tokens";
import {
  type RevokeTokenResult,
  type TokenFormState,
  type TokenFormValues,
  tokenFormValuesFromFormData,
} from "@/lib/validations/token";

// The types live in lib/validations/token.ts so client components can import them; they
// are re-exported here for callers that think of them as the actions' contract.
export type { RevokeTokenResult, TokenFormState, TokenFormValues };

const TOKENS_PATH = "/settings/api-tokens";
const UNEXPECTED_ERROR_MESSAGE = "Something went wrong and nothing was saved. Please try again.";

/** Creates a token. On success the state carries the plaintext token, once. */
export async function createTokenAction(
  _previous: TokenFormState,
  formData: FormData,
): Promise<TokenFormState> {
  const values = tokenFormValuesFromFormData(formData);
  try {
    const context = await requireActionContext();
    const { token, summary } = await createToken({
      organizationId: context.organization.id,
      actorId: context.user.id,
      ip: await getRequestIp(),
      input: values,
    });
    revalidatePath(TOKENS_PATH);
    return { status: "created", token, tokenId: summary.id, lastFour: summary.lastFour };
  } catch (error) {
    return formErrorState("createTokenAction", error, values);
  }
}

/** Saves a token's name, description, allowlist and expiration. Bind `tokenId` first. */
export async function updateTokenAction(
  tokenId: string,
  _previous: TokenFormState,
  formData: FormData,
): Promise<TokenFormState> {
  const values = tokenFormValuesFromFormData(formData);
  try {
    const context = await requireActionContext();
    await updateToken({
      organizationId: context.organization.id,
      actorId: context.user.id,
      ip: await getRequestIp(),
      tokenId,
      input: values,
    });
    revalidatePath(TOKENS_PATH);
    revalidatePath(`${TOKENS_PATH}/${tokenId}`);
    return { status: "saved" };
  } catch (error) {
    return formErrorState("updateTokenAction", error, values);
  }
}

/** Revokes a token permanently. */
export async function revokeTokenAction(tokenId: string): Promise<RevokeTokenResult> {
  try {
    const context = await requireActionContext();
    await revokeToken({
      organizationId: context.organization.id,
      actorId: context.user.id,
      ip: await getRequestIp(),
      tokenId,
    });
    revalidatePath(TOKENS_PATH);
    revalidatePath(`${TOKENS_PATH}/${tokenId}`);
    return { status: "revoked" };
  } catch (error) {
    if (isAppError(error)) return { status: "error", message: error.message };
    logUnexpected("revokeTokenAction", error);
    return { status: "error", message: "Something went wrong and the token was not revoked." };
  }
}

function formErrorState(action: string, error: unknown, values: TokenFormValues): TokenFormState {
  if (isAppError(error)) {
    return {
      status: "error",
      message: error.message,
      fieldErrors: error.fieldErrors ?? {},
      values,
    };
  }
  logUnexpected(action, error);
  return { status: "error", message: UNEXPECTED_ERROR_MESSAGE, fieldErrors: {}, values };
}

// Logs what an operator needs to find the failure, never the form values or a token: a
// created token is only ever in the return value, and errors are logged by name and message.
function logUnexpected(action: string, error: unknown): void {
  const detail =
    error instanceof Error
      ? { name: error.name, message: error.message, code: (error as { code?: unknown }).code }
      : { value: String(error) };
  console.error(
    JSON.stringify({ level: "error", event: "token_action_failed", action, ...detail }),
  );
}
