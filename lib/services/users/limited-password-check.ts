import "server-only";
import { verifyPassword } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";
import { releaseAttempts, reserveAttempts } from "@/lib/rate-limit/failure-limiter";
import { accountKey, type SignInLimiters, signInLimiters } from "@/lib/rate-limit/sign-in-limits";

export interface PasswordCheckDependencies {
  limiters: SignInLimiters;
  /** Checks the password (injectable so tests can count verifications). */
  verifyPassword: (hash: string, password: string) => Promise<boolean>;
}

/**
 * Whether `password` is the signed-in person's password, for a change of password or a
 * "Confirm it's you". Wrong passwords count against the same per-account limit as failed
 * sign-ins: a hijacked session must not become an unlimited password-guessing oracle. As
 * at sign-in, the attempt is reserved before the password is verified, so concurrent
 * guesses cannot all pass the check; past the limit it throws `rate_limited`.
 */
export async function checkPasswordWithinLimit(
  user: { email: string; passwordHash: string },
  password: string,
  dependencies: Partial<PasswordCheckDependencies> = {},
): Promise<boolean> {
  const verify = dependencies.verifyPassword ?? verifyPassword;
  return checkWithinAccountLimit(user.email, () => verify(user.passwordHash, password), {
    limiters: dependencies.limiters,
    refusal: "Too many attempts with a wrong password.",
  });
}

/**
 * Runs `check` (a password, an authentication code, a passkey) as one attempt against the
 * account's sign-in limit: reserved first, kept as a failure when the check answers false,
 * given back when it answers true or cannot finish (throws). Past the limit it throws
 * `rate_limited` without running the check.
 */
export async function checkWithinAccountLimit(
  email: string,
  check: () => Promise<boolean>,
  options: { limiters?: SignInLimiters; refusal?: string } = {},
): Promise<boolean> {
  const limiters = options.limiters ?? signInLimiters();
  const attempt = await reserveAttempts([[limiters.account, accountKey(email)]]);
  if (!attempt.granted) {
    const minutes = Math.ceil(attempt.retryAfterSeconds / 60);
    throw new AppError(
      "rate_limited",
      `${options.refusal ?? "Too many wrong attempts."} Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    );
  }
  let correct: boolean;
  try {
    correct = await check();
  } catch (error) {
    await releaseAttempts(attempt.held);
    throw error;
  }
  // A wrong answer keeps its reservation: it is the recorded failure.
  if (correct) await releaseAttempts(attempt.held);
  return correct;
}
