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

/**
 * The second step the form shows for an error code, or null when the code is not one.
 * `TwoFactorRequired:passkey` says the person has a passkey to offer as well.
 */
export function twoFactorStepOf(code: string): { passkey: boolean } | null {
  const match = /^TwoFactorRequired(?::(passkey))?$/.exec(code);
  return match ? { passkey: match[1] === "passkey" } : null;
}
