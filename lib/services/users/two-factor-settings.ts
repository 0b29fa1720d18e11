import { SECURITY_SETTINGS_PATH } from "@/lib/paths";
import "server-only";
import { generateTotpSecret, totpCodeStep, totpUri } from "@/lib/auth/totp";
import {
  decryptTwoFactorSecret,
  encryptTwoFactorSecret,
  generateRecoveryCode,
  hashRecoveryCode,
  RECOVERY_CODE_COUNT,
} from "@/lib/auth/two-factor-crypto";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAccountEvent } from "@/lib/services/audit/record-audit-event";
import { dashboardLink } from "@/lib/services/mail/links";
import { sendAccountEmail } from "@/lib/services/users/account-email";
import { hasTwoFactor } from "@/lib/services/users/two-factor-status";

// A person's own two-factor settings: set up the authenticator app, turn two-factor off,
// regenerate recovery codes. Each acts on the signed-in person only (no organization, no
// principal to authorize); the actions calling them are the ones sudo mode will guard.

export const WRONG_SETUP_CODE_MESSAGE =
  "That code is not right. Check the time on your phone and enter the current code.";
const NOT_ENABLED_MESSAGE = "Two-factor authentication is not on.";

export interface TwoFactorSettings {
  /** Sign-in asks for a second factor: an authenticator app, or a passkey. */
  enabled: boolean;
  /** The person has a passkey, which is a second factor of its own. */
  passkeys: boolean;
  /** When the authenticator app was confirmed. */
  totpEnabledAt: Date | null;
  /** Unused recovery codes. */
  recoveryCodesLeft: number;
}

export async function getTwoFactorSettings(userId: string): Promise<TwoFactorSettings> {
  const [totp, recoveryCodesLeft, passkeys] = await Promise.all([
    db.totpCredential.findUnique({ where: { userId }, select: { confirmedAt: true } }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
    db.passkey.count({ where: { userId } }),
  ]);
  return {
    enabled: Boolean(totp?.confirmedAt) || passkeys > 0,
    passkeys: passkeys > 0,
    totpEnabledAt: totp?.confirmedAt ?? null,
    recoveryCodesLeft,
  };
}

export interface TotpSetup {
  /** The base32 secret, shown as the setup key and inside the QR code's URI. */
  secret: string;
  uri: string;
}

/**
 * Starts setting up an authenticator app: a new secret, stored encrypted and unconfirmed
 * (replacing an earlier unfinished setup), to be confirmed with a code from the app.
 */
export async function beginTotpSetup(userId: string): Promise<TotpSetup> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, totpCredential: { select: { confirmedAt: true } } },
  });
  if (user.totpCredential?.confirmedAt) {
    throw new AppError("conflict", "An authenticator app is already set up.");
  }
  const secret = generateTotpSecret();
  const encryptedSecret = encryptTwoFactorSecret(secret);
  await db.totpCredential.upsert({
    where: { userId },
    create: { userId, encryptedSecret },
    update: { encryptedSecret, confirmedAt: null, lastUsedStep: null },
  });
  return { secret, uri: totpUri(secret, user.email) };
}

/**
 * Confirms the authenticator app with a code from it, which turns two-factor on, and
 * returns the ten recovery codes: their only plaintext, shown once.
 */
export async function confirmTotpSetup(params: {
  userId: string;
  code: string;
  ip: string | null;
}): Promise<{ recoveryCodes: string[] }> {
  const now = clock.now();
  return db.$transaction(async (tx) => {
    const credential = await tx.totpCredential.findUnique({
      where: { userId: params.userId },
      select: { encryptedSecret: true, confirmedAt: true },
    });
    if (!credential) {
      throw new AppError("conflict", "Start the setup again: it has no authenticator app yet.");
    }
    if (credential.confirmedAt) {
      throw new AppError("conflict", "An authenticator app is already set up.");
    }
    const step = totpCodeStep(decryptTwoFactorSecret(credential.encryptedSecret), params.code, now);
    if (step === null) {
      throw new AppError("validation_error", WRONG_SETUP_CODE_MESSAGE, {
        fieldErrors: { code: [WRONG_SETUP_CODE_MESSAGE] },
      });
    }
    // The code that confirmed the app is spent: it cannot sign in a moment later too.
    await tx.totpCredential.update({
      where: { userId: params.userId },
      data: { confirmedAt: now, lastUsedStep: step },
    });
    const recoveryCodes = await replaceRecoveryCodes(tx, params.userId);
    await recordAccountEvent(tx, {
      userId: params.userId,
      action: "user.two_factor_enabled",
      ip: params.ip,
    });
    return { recoveryCodes };
  });
}

/** Ten new recovery codes in place of the old ones, used or not. */
export async function regenerateRecoveryCodes(params: {
  userId: string;
  ip: string | null;
}): Promise<{ recoveryCodes: string[] }> {
  return db.$transaction(async (tx) => {
    if (!(await hasTwoFactor(tx, params.userId))) {
      throw new AppError("conflict", NOT_ENABLED_MESSAGE);
    }
    const recoveryCodes = await replaceRecoveryCodes(tx, params.userId);
    await recordAccountEvent(tx, {
      userId: params.userId,
      action: "user.recovery_codes_regenerated",
      ip: params.ip,
    });
    return { recoveryCodes };
  });
}

/**
 * Turns the authenticator app off, and with it two-factor unless the person has passkeys:
 * the app, any half-finished sign-in and (without passkeys) the recovery codes go, and the
 * person is emailed (someone else in their session would be the reason to know at once).
 * A person with passkeys keeps the passkey step and their recovery codes; their passkeys
 * are removed one by one in Settings → Passkeys.
 */
export async function disableTwoFactor(params: {
  userId: string;
  ip: string | null;
}): Promise<{ passkeysRemain: boolean }> {
  const { email, passkeys } = await db.$transaction(async (tx) => {
    const app = await tx.totpCredential.findUnique({
      where: { userId: params.userId },
      select: { confirmedAt: true },
    });
    if (!app?.confirmedAt) throw new AppError("conflict", NOT_ENABLED_MESSAGE);
    const passkeys = await tx.passkey.count({ where: { userId: params.userId } });
    await tx.totpCredential.deleteMany({ where: { userId: params.userId } });
    if (passkeys === 0) await tx.recoveryCode.deleteMany({ where: { userId: params.userId } });
    await tx.twoFactorChallenge.deleteMany({ where: { userId: params.userId } });
    await recordAccountEvent(tx, {
      userId: params.userId,
      action: "user.two_factor_disabled",
      ip: params.ip,
    });
    const user = await tx.user.findUniqueOrThrow({
      where: { id: params.userId },
      select: { email: true },
    });
    return { email: user.email, passkeys };
  });
  await sendAccountEmail({
    to: email,
    subject:
      passkeys > 0
        ? "Your authenticator app was turned off"
        : "Two-factor authentication was turned off",
    lines: [
      ...(passkeys > 0
        ? [
            "The authenticator app of your MailShield account was turned off.",
            "Signing in with your password still asks for one of your passkeys.",
          ]
        : [
            "Two-factor authentication was turned off for your MailShield account.",
            "Signing in now needs only your password.",
          ]),
      "",
      `When: ${clock.now().toUTCString()}`,
      ...(params.ip ? [`From IP address: ${params.ip}`] : []),
      "",
      "If this was not you, change your password and turn two-factor authentication on again:",
      dashboardLink(SECURITY_SETTINGS_PATH),
    ],
  });
  return { passkeysRemain: passkeys > 0 };
}

async function replaceRecoveryCodes(
  tx: Prisma.TransactionClient,
  userId: string,
): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({
    data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })),
  });
  return codes;
}
