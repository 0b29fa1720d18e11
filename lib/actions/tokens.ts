"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { testTokenAsApi } from "@/lib/api/token-self-test";
import { config, publicUrl } from "@/lib/config";
import {
  BULK_REVOKE_MAX,
  createToken,
  revokeToken,
  revokeTokens,
  rotateToken,
  updateToken,
} from "@/lib/services/tokens";
import {
  TOKEN_REVOKE_FAILED_MESSAGE,
  TOKEN_SAVE_FAILED_MESSAGE,
  TOKENS_REVOKE_FAILED_MESSAGE,
} from "@/lib/validations/token";
import { tokenFormSchema } from "@/lib/validations/token-form";
import { rotationInputSchema, TOKEN_ROTATE_FAILED_MESSAGE } from "@/lib/validations/token-rotation";
import { defineAction } from "./define-action";
import { creatingWriteToken, grantingWriteScope, rotatingWriteToken } from "./sudo-rules";

// Each token service checks the role and plan again inside its transaction (read from the
// database, so a demotion takes effect at once) and validates the values with the domain's
// schema; the permission here answers a member before any of that runs. The form's schema
// only turns its text into the services' input, whose field names are the form's.

const TOKENS_PATH = "/settings/api-tokens";

/** Which token: its id, from the form's hidden field. The services answer "not found". */
const tokenIdSchema = z.object({ tokenId: z.string() });

/**
 * GET /api/v1/tokens/self on the configured public URL (NEXTAUTH_URL): the curl command the
 * reveal offers, so it works when pasted wherever the customer's scripts run.
 */
function selfTestUrl(): string {
  return new URL("/api/v1/tokens/self", publicUrl(config())).href;
}

/** Creates a token. On success the data carries the plaintext token, once. */
export const createTokenAction = defineAction(
  {
    name: "tokens.create",
    // The template the form started from (a hidden field; empty: from scratch), judged by
    // the token service.
    schema: tokenFormSchema.extend({ template: z.string().max(40).optional() }),
    permission: "tokens:write",
    sudo: creatingWriteToken,
    failureMessage: TOKEN_SAVE_FAILED_MESSAGE,
  },
  async ({ input, ctx }) => {
    const { token, summary } = await createToken(ctx, input);
    revalidatePath(TOKENS_PATH);
    return {
      data: { token, tokenId: summary.id, lastFour: summary.lastFour, testUrl: selfTestUrl() },
    };
  },
);

/** Saves a token's name, description, allowlist and expiration. */
export const updateTokenAction = defineAction(
  {
    name: "tokens.update",
    schema: tokenFormSchema.extend(tokenIdSchema.shape),
    permission: "tokens:write",
    sudo: grantingWriteScope,
    failureMessage: TOKEN_SAVE_FAILED_MESSAGE,
  },
  async ({ input, ctx }) => {
    const { tokenId } = input;
    await updateToken(ctx, input);
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
    permission: "tokens:write",
    failureMessage: TOKEN_REVOKE_FAILED_MESSAGE,
  },
  async ({ input: { tokenId }, ctx }) => {
    await revokeToken(ctx, { tokenId });
    revalidatePath(TOKENS_PATH);
    revalidatePath(`${TOKENS_PATH}/${tokenId}`);
    return { data: null };
  },
);

/**
 * Revokes the tokens selected in the list, each with its own audit event. Answers with one
 * outcome per token (revoked, already revoked, not found) so a partial result is reported.
 */
export const revokeTokensAction = defineAction(
  {
    name: "tokens.revoke_many",
    schema: z.object({
      tokenIds: z
        .array(z.string())
        .min(1, { error: "Select at least one token" })
        .max(BULK_REVOKE_MAX, { error: `Revoke at most ${BULK_REVOKE_MAX} tokens at a time` }),
    }),
    permission: "tokens:write",
    invalidMessage: `Select between 1 and ${BULK_REVOKE_MAX} tokens to revoke.`,
    failureMessage: TOKENS_REVOKE_FAILED_MESSAGE,
  },
  async ({ input, ctx }) => {
    const results = await revokeTokens(ctx, input);
    revalidatePath(TOKENS_PATH);
    for (const { tokenId, outcome } of results) {
      if (outcome === "revoked") revalidatePath(`${TOKENS_PATH}/${tokenId}`);
    }
    return { data: results };
  },
);

/**
 * Rotates a token. On success the data carries the successor's plaintext, once, for the
 * same reveal as a created token, with a notice when the lifetime policy shortened its
 * expiry.
 */
export const rotateTokenAction = defineAction(
  {
    name: "tokens.rotate",
    schema: rotationInputSchema.extend(tokenIdSchema.shape),
    permission: "tokens:write",
    sudo: rotatingWriteToken,
    failureMessage: TOKEN_ROTATE_FAILED_MESSAGE,
  },
  async ({ input, ctx }) => {
    const { tokenId } = input;
    const rotated = await rotateToken(ctx, input);
    const { token, summary, predecessor, expiryLimitedByPolicy } = rotated;
    revalidatePath(TOKENS_PATH);
    revalidatePath(`${TOKENS_PATH}/${tokenId}`);
    const expiryNotice = expiryLimitedByPolicy?.message ?? null;
    return {
      data: {
        token,
        tokenId: summary.id,
        name: summary.name,
        lastFour: summary.lastFour,
        expiryNotice,
        testUrl: selfTestUrl(),
        // What the reveal says of the old token, and what to do if the new value is lost.
        rotation: {
          oldLastFour: predecessor.lastFour,
          oldEndsAt: predecessor.rotationEndsAt,
          endsAtFirstUse: input.expireOnFirstUse,
        },
      },
    };
  },
);

/**
 * The reveal's Test button: what GET /api/v1/tokens/self answers the token just shown,
 * decided in process by the API's own authentication (lib/api/token-self-test.ts says why
 * not over HTTP). The value is only hashed; like every action's input it is never logged.
 */
export const testTokenAction = defineAction(
  {
    name: "tokens.test",
    schema: tokenIdSchema.extend({ token: z.string().max(256) }),
    permission: "tokens:write",
  },
  async ({ input, ctx, ip }) => {
    const answer = await testTokenAsApi({
      token: input.token,
      tokenId: input.tokenId,
      organizationId: ctx.organizationId,
      clientIp: ip,
    });
    return { data: answer };
  },
);
