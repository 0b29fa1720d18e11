import "server-only";
import {
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
  verifyAuthenticationResponse,
} from "@simplewebauthn/server";
import { PASSKEY_NOT_ACCEPTED_MESSAGE } from "@/lib/auth/passkey-messages";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { WebAuthnChallengePurpose } from "@/lib/generated/prisma/enums";
import type { AuthenticationResponseInput } from "@/lib/validations/passkeys";
import { CHALLENGE_LIFETIME_MS, consumeChallenge, storeChallenge } from "./challenges";
import { relyingParty } from "./relying-party";
import { isUserHandleOf } from "./user-handle";

export interface PasskeyAssertionStart {
  challengeId: string;
  options: PublicKeyCredentialRequestOptionsJSON;
}

/**
 * Options for a passwordless sign-in: no list of credentials (the browser offers the
 * discoverable passkeys it holds for this site), so the request reveals no account.
 */
export async function startPasskeySignIn(): Promise<PasskeyAssertionStart> {
  return startAssertion("SIGN_IN", null, []);
}

/**
 * Options for a passkey as the second factor of `userId`, whose password was just
 * verified: only their passkeys are allowed, and presence is enough (the password was the
 * knowledge factor), as WebAuthn advises for a second factor. "Confirm it's you" asks for
 * the same with verification preferred (`userVerification`): there the passkey stands in
 * for the password.
 */
export async function startPasskeySecondFactor(
  userId: string,
  settings: { userVerification?: "discouraged" | "preferred" } = {},
): Promise<PasskeyAssertionStart> {
  const passkeys = await db.passkey.findMany({
    where: { userId },
    select: { credentialId: true, transports: true },
  });
  if (passkeys.length === 0) throw new AppError("bad_request", "You have no passkey to use.");
  return startAssertion("SECOND_FACTOR", userId, passkeys, settings.userVerification);
}

async function startAssertion(
  purpose: WebAuthnChallengePurpose,
  userId: string | null,
  allowed: Array<{ credentialId: string; transports: string[] }>,
  userVerification: "discouraged" | "preferred" = purpose === "SECOND_FACTOR"
    ? "discouraged"
    : "preferred",
): Promise<PasskeyAssertionStart> {
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().id,
    timeout: CHALLENGE_LIFETIME_MS,
    userVerification,
    allowCredentials: allowed.map((passkey) => ({
      id: passkey.credentialId,
      transports: passkey.transports as AuthenticatorTransport[],
    })),
  });
  const challengeId = await storeChallenge(purpose, options.challenge, userId);
  return { challengeId, options };
}

/** The person a passkey signed in (what next-auth's session is started for). */
export interface PasskeyUser {
  id: string;
  email: string;
  name: string | null;
  sessionVersion: number;
}

export type PasskeySignInOutcome =
  | { ok: true; user: PasskeyUser; passkeyId: string }
  /** Refused; `userId` names the person when the passkey was theirs (the failure is audited). */
  | { ok: false; userId: string | null };

/**
 * Verifies a passwordless sign-in's assertion: the person whose passkey made it, or a
 * refusal when the passkey is unknown, belongs to someone other than the user handle
 * names, or its signature, origin, RP ID or counter does not check out. A spent, lapsed or
 * unknown challenge is an AppError (`bad_request`): try again.
 */
export async function verifyPasskeySignIn(
  challengeId: string,
  response: AuthenticationResponseInput,
): Promise<PasskeySignInOutcome> {
  const expectedChallenge = await consumeChallenge(challengeId, "SIGN_IN", null);
  const passkey = await findPasskey(response.id, null);
  const userHandle = response.response.userHandle;
  if (!passkey || (userHandle && !isUserHandleOf(userHandle, passkey.userId))) {
    return { ok: false, userId: null };
  }
  if (!(await verifyAndRecordUse(passkey, response, expectedChallenge))) {
    return { ok: false, userId: passkey.userId };
  }
  return { ok: true, user: passkey.user, passkeyId: passkey.id };
}

/**
 * The second factor for the two-factor step: verifies that `response` was made by one of
 * `userId`'s own passkeys for the challenge `challengeId` issued to them
 * (startPasskeySecondFactor). Another person's passkey is refused like an unknown one.
 */
export async function verifyPasskeyAssertionForUser(
  userId: string,
  response: AuthenticationResponseInput,
  challengeId: string,
): Promise<{ passkeyId: string }> {
  const expectedChallenge = await consumeChallenge(challengeId, "SECOND_FACTOR", userId);
  const passkey = await findPasskey(response.id, userId);
  if (!passkey || !(await verifyAndRecordUse(passkey, response, expectedChallenge))) {
    throw new AppError("unauthorized", PASSKEY_NOT_ACCEPTED_MESSAGE);
  }
  return { passkeyId: passkey.id };
}

type StoredPasskey = NonNullable<Awaited<ReturnType<typeof findPasskey>>>;

function findPasskey(credentialId: string, userId: string | null) {
  return db.passkey.findFirst({
    where: { credentialId, ...(userId ? { userId } : {}) },
    select: {
      id: true,
      userId: true,
      credentialId: true,
      publicKey: true,
      counter: true,
      transports: true,
      user: { select: { id: true, email: true, name: true, sessionVersion: true } },
    },
  });
}

async function verifyAndRecordUse(
  passkey: StoredPasskey,
  response: AuthenticationResponseInput,
  expectedChallenge: (challenge: string) => boolean,
): Promise<boolean> {
  const rp = relyingParty();
  const verification = await verifyAuthenticationResponse({
    response,
    expectedChallenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    credential: {
      id: passkey.credentialId,
      publicKey: Uint8Array.from(passkey.publicKey),
      counter: Number(passkey.counter),
      transports: passkey.transports as AuthenticatorTransport[],
    },
    // Verification is asked for ("preferred"), not required: a security key without a PIN
    // still proves possession of a key bound to this site, which no phishing page can use.
    requireUserVerification: false,
  }).catch(() => null);
  // The library throws for every mismatch (origin, RP ID, challenge, signature, counter):
  // all are the same refusal to the person, who can only try another passkey.
  if (!verification?.verified) return false;
  const { newCounter, credentialBackedUp } = verification.authenticationInfo;
  // The counter only moves forward: of two assertions carrying the same counter (a cloned
  // authenticator, or one replayed at the same moment), only one is recorded. Passkeys
  // that keep no counter (synced ones) always report 0, which the library accepts.
  const updated = await db.passkey.updateMany({
    where: { id: passkey.id, ...(newCounter > 0 ? { counter: { lt: newCounter } } : {}) },
    data: { counter: newCounter, backedUp: credentialBackedUp, lastUsedAt: clock.now() },
  });
  return updated.count === 1;
}
