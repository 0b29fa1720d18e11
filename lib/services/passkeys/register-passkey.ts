import "server-only";
import {
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAccountEvent } from "@/lib/services/audit/record-audit-event";
import { hasTwoFactor } from "@/lib/services/users/two-factor-status";
import { lockPersonPasskeys } from "@/lib/sql";
import type { RegistrationResponseInput } from "@/lib/validations/passkeys";
import { CHALLENGE_LIFETIME_MS, consumeChallenge, storeChallenge } from "./challenges";
import { sendPasskeyChangeEmail } from "./passkey-email";
import { type PasskeySummary, passkeySummarySelect, toPasskeySummary } from "./passkey-summary";
import { relyingParty } from "./relying-party";
import { userHandleOf } from "./user-handle";

/** More than anyone needs (a phone, a laptop, two security keys…), and a bound on rows. */
export const MAX_PASSKEYS_PER_PERSON = 20;

export const PASSKEY_NOT_VERIFIED_MESSAGE = "Your passkey could not be verified. Please try again.";
export const PASSKEY_ALREADY_ADDED_MESSAGE = "This passkey is already added to an account.";

export interface PasskeyRegistrationStart {
  challengeId: string;
  options: PublicKeyCredentialCreationOptionsJSON;
}

/**
 * The options for navigator.credentials.create(): a discoverable credential (resident key
 * required, so it can sign in without an email), user verification preferred, no
 * attestation (MailShield trusts no particular maker of authenticators), and the person's
 * existing passkeys excluded so one authenticator is not added twice.
 */
export async function startPasskeyRegistration(userId: string): Promise<PasskeyRegistrationStart> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      passkeys: { select: { credentialId: true, transports: true } },
    },
  });
  if (user.passkeys.length >= MAX_PASSKEYS_PER_PERSON) throw tooManyPasskeys();
  const rp = relyingParty();
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: user.name ?? user.email,
    userID: userHandleOf(user.id),
    timeout: CHALLENGE_LIFETIME_MS,
    attestationType: "none",
    excludeCredentials: user.passkeys.map((passkey) => ({
      id: passkey.credentialId,
      transports: passkey.transports as AuthenticatorTransport[],
    })),
    authenticatorSelection: {
      residentKey: "required",
      requireResidentKey: true,
      userVerification: "preferred",
    },
  });
  const challengeId = await storeChallenge("REGISTRATION", options.challenge, user.id);
  return { challengeId, options };
}

export interface FinishPasskeyRegistration {
  userId: string;
  challengeId: string;
  name: string;
  response: RegistrationResponseInput;
  ip: string | null;
}

/**
 * Checks the authenticator's answer against the challenge issued to this person (single
 * use), the configured origin and RP ID, and stores the passkey under the name they gave
 * it. Audited in each of their organizations and emailed to them.
 */
export async function finishPasskeyRegistration(
  request: FinishPasskeyRegistration,
): Promise<PasskeySummary> {
  const expectedChallenge = await consumeChallenge(
    request.challengeId,
    "REGISTRATION",
    request.userId,
  );
  const rp = relyingParty();
  const verification = await verifyRegistrationResponse({
    response: request.response,
    expectedChallenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    requireUserVerification: false,
  }).catch((error: unknown) => {
    throw new AppError("bad_request", PASSKEY_NOT_VERIFIED_MESSAGE, { cause: error });
  });
  if (!verification.verified) throw new AppError("bad_request", PASSKEY_NOT_VERIFIED_MESSAGE);
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;

  const now = clock.now();
  const { passkey, email, twoFactorTurnedOn } = await db.$transaction(async (tx) => {
    await lockPersonPasskeys(tx, request.userId);
    // A passkey is a second factor of its own: the first one may turn two-factor on.
    const twoFactorBefore = await hasTwoFactor(tx, request.userId);
    const user = await tx.user.findUniqueOrThrow({
      where: { id: request.userId },
      select: { email: true, _count: { select: { passkeys: true } } },
    });
    if (user._count.passkeys >= MAX_PASSKEYS_PER_PERSON) throw tooManyPasskeys();
    if (
      await tx.passkey.findUnique({ where: { credentialId: credential.id }, select: { id: true } })
    ) {
      throw new AppError("conflict", PASSKEY_ALREADY_ADDED_MESSAGE);
    }
    const created = await tx.passkey.create({
      data: {
        userId: request.userId,
        name: request.name,
        credentialId: credential.id,
        publicKey: credential.publicKey,
        counter: credential.counter,
        transports: request.response.response.transports,
        deviceType: credentialDeviceType,
        backedUp: credentialBackedUp,
        createdAt: now,
      },
      select: passkeySummarySelect,
    });
    await recordAccountEvent(tx, {
      userId: request.userId,
      action: "user.passkey_added",
      ip: request.ip,
      metadata: { passkeyId: created.id, name: created.name },
    });
    return { passkey: created, email: user.email, twoFactorTurnedOn: !twoFactorBefore };
  });
  await sendPasskeyChangeEmail({
    to: email,
    change: "added",
    twoFactorChanged: twoFactorTurnedOn,
    passkeyName: passkey.name,
    at: now,
    ip: request.ip,
  });
  return toPasskeySummary(passkey);
}

function tooManyPasskeys(): AppError {
  return new AppError(
    "conflict",
    `You have ${MAX_PASSKEYS_PER_PERSON} passkeys, the most an account can have. Remove one to add another.`,
  );
}
