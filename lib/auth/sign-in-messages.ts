// Shared by the Credentials provider (server) and the sign-in form (browser), so this file
// must stay free of server-only imports.

/** The error code next-auth hands the sign-in form when attempts are rate limited. */
export const TOO_MANY_ATTEMPTS_CODE = "TooManySignInAttempts";

const MAX_SHOWN_MINUTES = 15;

export function tooManyAttemptsError(retryAfterSeconds: number): string {
  return `${TOO_MANY_ATTEMPTS_CODE}:${Math.max(1, Math.ceil(retryAfterSeconds / 60))}`;
}

/** The message for a refused sign-in: the same whether the account exists or not. */
export function tooManySignInAttemptsMessage(minutes: number): string {
  return `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/**
 * The message for a `TooManySignInAttempts:<minutes>` code, or null for other codes. The
 * code can also arrive through the URL, so the minutes are clamped to what the limiter
 * can actually impose.
 */
export function messageForTooManyAttempts(code: string): string | null {
  const match = /^TooManySignInAttempts:(\d{1,4})$/.exec(code);
  if (!match) return null;
  const minutes = Math.min(MAX_SHOWN_MINUTES, Math.max(1, Number(match[1])));
  return tooManySignInAttemptsMessage(minutes);
}

/** The password was right and the second factor is next (the form shows its step). */
export const TWO_FACTOR_REQUIRED_CODE = "TwoFactorRequired";
/** The second step's challenge expired or was used: start again with the password. */
export const TWO_FACTOR_EXPIRED_CODE = "TwoFactorExpired";

/** The factors the second step offers (recovery codes always, as the way back in). */
export interface TwoFactorStepMethods {
  /** An authenticator app: the step asks for its code first. */
  totp: boolean;
  /** At least one passkey: "Use a passkey" (first, when there is no app). */
  passkey: boolean;
}

/**
 * The code the password step answers for a person with two-factor: `TwoFactorRequired`
 * (authenticator app), `TwoFactorRequired:passkey` (app and passkey) or
 * `TwoFactorRequired:passkey-only`. Only the person who typed the right password sees it.
 */
export function twoFactorRequiredCode(methods: TwoFactorStepMethods): string {
  if (!methods.passkey) return TWO_FACTOR_REQUIRED_CODE;
  return `${TWO_FACTOR_REQUIRED_CODE}:${methods.totp ? "passkey" : "passkey-only"}`;
}

/** The second step the form shows for an error code, or null when the code is not one. */
export function twoFactorStepOf(code: string): TwoFactorStepMethods | null {
  const match = /^TwoFactorRequired(?::(passkey|passkey-only))?$/.exec(code);
  if (!match) return null;
  return { totp: match[1] !== "passkey-only", passkey: match[1] !== undefined };
}
