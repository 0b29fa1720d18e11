"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createToken, revokeToken, updateToken } from "@/lib/services/tokens";
import {
  TOKEN_REVOKE_FAILED_MESSAGE,
  TOKEN_SAVE_FAILED_MESSAGE,
  tokenFormValuesSchema,
} from "@/lib/validations/token";
import { defineAction } from "./define-action";

// Each token service checks the role and plan again inside its transaction (read from the
// database, so a demotion takes effect at once) and validates the values with the shared
// token schema; the permission here answers a member before any of that runs.

const TOKENS_PATH = "/settings/api-tokens";

/** Which token: its id, from the form's hidden field. The services answer "not found". */
const tokenIdSchema = z.object({ tokenId: z.string() });

/** Creates a token. On success the data carries the plaintext token, once. */
export const createTokenAction = defineAction(
  {
    name: "tokens.create",
    schema: tokenFormValuesSchema,
    permission: "tokens:manage",
    failureMessage: TOKEN_SAVE_FAILED_MESSAGE,
  },
  async ({ input, session, ip }) => {
    const { token, summary } = await createToken({
      organizationId: session.organization.id,
      actor: { kind: "user", userId: session.user.id, ip },
      input,
    });
    revalidatePath(TOKENS_PATH);
    return { data: { token, tokenId: summary.id, lastFour: summary.lastFour } };
  },
);

/** Saves a token's name, description, allowlist and expiration. */
export const updateTokenAction = defineAction(
  {
    name: "tokens.update",
    schema: tokenFormValuesSchema.extend(tokenIdSchema.shape),
    permission: "tokens:manage",
    failureMessage: TOKEN_SAVE_FAILED_MESSAGE,
  },
  async ({ input: { tokenId, ...values }, session, ip }) => {
    await updateToken({
      organizationId: session.organization.id,
      actor: { kind: "user", userId: session.user.id, ip },
      tokenId,
      input: values,
    });
    revalidatePath(TOKENS_PATH);
    revalidatePath(`${TOKENS_PATH}/${tokenId}`);
    return { data: null };
  },
);

/** Revokes a token permanently. */
export const revokeTokenAction = defineAction(
  {
    name: "tokens.revoke",
    schema: tokenIdSchema,
    permission: "tokens:manage",
    failureMessage: TOKEN_REVOKE_FAILED_MESSAGE,
  },
  async ({ input: { tokenId }, session, ip }) => {
    await revokeToken({
      organizationId: session.organization.id,
      actor: { kind: "user", userId: session.user.id, ip },
      tokenId,
    });
    revalidatePath(TOKENS_PATH);
    revalidatePath(`${TOKENS_PATH}/${tokenId}`);
    return { data: null };
  },
);
