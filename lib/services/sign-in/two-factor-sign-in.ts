import { SECURITY_SETTINGS_PATH } from "@/lib/paths";
import "server-only";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { releaseAttempts } from "@/lib/rate-limit/failure-limiter";
import { type SignInLimiters, signInLimiters } from "@/lib/rate-limit/sign-in-limits";
import { recordAccountEvent } from "@/lib/services/audit/record-audit-event";
import { dashboardLink } from "@/lib/services/mail/links";
import { verifyPasskeyAssertionForUser } from "@/lib/services/passkeys/authenticate-passkey";
import { sendAccountEmail } from "@/lib/services/users/account-email";
import type { AuthenticatedUser } from "@/lib/services/users/authenticate";
import { acceptTotpCode, spendRecoveryCode } from "@/lib/services/users/second-factors";
import {
  reserveSignInAttempt,
  type SignInClient,
  settleSuccessfulSignIn,
} from "@/lib/services/users/sign-in-with-limits";
import {
  consumeTwoFactorChallenge,
  findTwoFactorChallenge,
} from "@/lib/services/users/two-factor-challenge";
import type { AuthenticationResponseInput } from "@/lib/validations/passkeys";

// The second step of a sign-in: the challenge from a correct password plus a second factor
// gives the user to next-auth's "two-factor" provider, which starts the session. A wrong
// code or a refused passkey counts against the same limits as a wrong password (per
// account, per device cookie, per IP: sign-in-with-limits.ts), and a correct one clears the
// account's count.

/** How the person proves the second factor. */
export type SecondFactor =
  | { kind: "totp"; code: string }
  | { kind: "recovery"; code: string }
  /** An assertion of one of the person's passkeys, for the WebAuthn challenge `challengeId`. */
  | { kind: "passkey"; challengeId: string; response: AuthenticationResponseInput };

export type SecondFactorAttempt =
  | { ok: true; user: AuthenticatedUser; deviceCookie: string }
  /** No such challenge, expired or already used: start again with the password. */
  | { ok: false; reason: "challenge_expired" }
  /** A wrong code, or a passkey that was not the person's or did not verify. */
  | { ok: false; reason: "invalid_code" }
  /** The passkey answered a WebAuthn challenge that was spent or lapsed: ask for a new one. */
  | { ok: false; reason: "passkey_challenge_expired" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

export async function completeTwoFactorSignIn(
  challengeToken: unknown,
  factor: SecondFactor,
  client: SignInClient,
  dependencies: { limiters?: SignInLimiters } = {},
): Promise<SecondFactorAttempt> {
  const limiters = dependencies.limiters ?? signInLimiters();
  const pending = await findTwoFactorChallenge(challengeToken);
  if (!pending) return { ok: false, reason: "challenge_expired" };
  const { user } = pending;

  const attempt = await reserveSignInAttempt(limiters, user.email, client);
  if (!attempt.granted) {
    return { ok: false, reason: "rate_limited", retryAfterSeconds: attempt.retryAfterSeconds };
  }

  let outcome: Awaited<ReturnType<typeof verify>>;
  try {
    outcome = await verify(pending.challengeId, user.id, factor, client.ip);
  } catch (error) {
    await releaseAttempts(attempt.held);
    throw error;
  }
  if (outcome === "expired") {
    await releaseAttempts(attempt.held);
    return { ok: false, reason: "challenge_expired" };
  }
  if (outcome === "invalid" || outcome === "passkey_challenge_expired") {
    // Its reservations stay: they are the recorded failures (an answer to a spent WebAuthn
    // challenge is a replay, or a prompt left open past its five minutes).
    await db.$transaction((tx) =>
      recordAccountEvent(tx, { userId: user.id, action: "user.two_factor_failed", ip: client.ip }),
    );
    return { ok: false, reason: outcome === "invalid" ? "invalid_code" : outcome };
  }

  const deviceCookie = await settleSuccessfulSignIn(limiters, attempt.held, user.id);
  if (outcome.recoveryCodesLeft !== undefined) {
    await emailRecoveryCodeUsed(user.email, outcome.recoveryCodesLeft, client.ip);
  }
  return { ok: true, user: { ...user, twoFactor: true }, deviceCookie };
}

class ChallengeSpent extends Error {}

type Verified =
  | "invalid"
  | "expired"
  | "passkey_challenge_expired"
  | { recoveryCodesLeft?: number };

/**
 * Accepts the factor and spends the challenge together, or neither. A passkey is checked
 * first, outside the transaction: its WebAuthn challenge and signature counter are spent
 * by the check itself (single use whatever follows), so only the sign-in challenge is left
 * to spend with the session's start.
 */
async function verify(
  challengeId: string,
  userId: string,
  factor: SecondFactor,
  ip: string | null,
): Promise<Verified> {
  if (factor.kind === "passkey") {
    const passkey = await checkPasskey(userId, factor);
    if (passkey !== "ok") return passkey;
  }
  const now = clock.now();
  try {
    return await db.$transaction(async (tx) => {
      let recoveryCodesLeft: number | undefined;
      if (factor.kind === "totp") {
        if (!(await acceptTotpCode(tx, userId, factor.code, now))) return "invalid";
      } else if (factor.kind === "recovery") {
        const used = await spendRecoveryCode(tx, userId, factor.code, now);
        if (!used) return "invalid";
        recoveryCodesLeft = used.left;
      }
      // Spent by a concurrent request, or expired meanwhile: undo the code's use too.
      if (!(await consumeTwoFactorChallenge(tx, challengeId, now))) throw new ChallengeSpent();
      if (recoveryCodesLeft !== undefined) {
        await recordAccountEvent(tx, { userId, action: "user.recovery_code_used", ip });
      }
      await recordAccountEvent(tx, {
        userId,
        action: "user.signed_in",
        ip,
        ...(factor.kind === "passkey" ? { metadata: { secondFactor: "passkey" } } : {}),
      });
      return { recoveryCodesLeft };
    });
  } catch (error) {
    if (error instanceof ChallengeSpent) return "expired";
    throw error;
  }
}

async function checkPasskey(
  userId: string,
  factor: Extract<SecondFactor, { kind: "passkey" }>,
): Promise<"ok" | "invalid" | "passkey_challenge_expired"> {
  try {
    await verifyPasskeyAssertionForUser(userId, factor.response, factor.challengeId);
    return "ok";
  } catch (error) {
    if (!isAppError(error)) throw error;
    // bad_request: the WebAuthn challenge was spent, lapsed, or issued to someone else.
    return error.code === "bad_request" ? "passkey_challenge_expired" : "invalid";
  }
}

async function emailRecoveryCodeUsed(to: string, left: number, ip: string | null): Promise<void> {
  await sendAccountEmail({
    to,
    subject: "A recovery code was used to sign in to MailShield",
    lines: [
      "Someone signed in to your MailShield account with one of your recovery codes.",
      `It cannot be used again; ${left} of your recovery codes ${left === 1 ? "is" : "are"} left.`,
      "",
      `When: ${clock.now().toUTCString()}`,
      ...(ip ? [`From IP address: ${ip}`] : []),
      "",
      "If this was you and you lost your authenticator app, set it up again and regenerate",
      "your recovery codes. If it was not you, change your password at once:",
      dashboardLink(SECURITY_SETTINGS_PATH),
    ],
  });
}
