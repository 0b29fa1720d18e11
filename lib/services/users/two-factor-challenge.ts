import "server-only";
import { generateChallengeToken, hashChallengeToken } from "@/lib/auth/two-factor-crypto";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

// The half-finished sign-in between the password and the second factor. The browser holds
// the random token (an httpOnly cookie, lib/session/two-factor-cookie.ts), the database its
// SHA-256, so a copy of the table cannot finish anyone's sign-in.

/** Long enough to open an app and type a code; short enough to be useless later. */
export const TWO_FACTOR_CHALLENGE_TTL_MS = 10 * 60_000;

/** Starts a challenge for a person whose password was right; the token is its only copy. */
export async function startTwoFactorChallenge(userId: string): Promise<string> {
  const now = clock.now();
  const token = generateChallengeToken();
  await db.$transaction([
    // Their own expired challenges go as new ones come: the table stays small without a job.
    db.twoFactorChallenge.deleteMany({ where: { userId, expiresAt: { lte: now } } }),
    db.twoFactorChallenge.create({
      data: {
        userId,
        tokenHash: hashChallengeToken(token),
        expiresAt: new Date(now.getTime() + TWO_FACTOR_CHALLENGE_TTL_MS),
      },
    }),
  ]);
  return token;
}

export interface PendingSignIn {
  challengeId: string;
  user: { id: string; email: string; name: string | null; sessionVersion: number };
}

/** The sign-in a token stands for, while it has not expired or been used. */
export async function findTwoFactorChallenge(token: unknown): Promise<PendingSignIn | null> {
  if (typeof token !== "string" || token.length === 0 || token.length > 100) return null;
  const challenge = await db.twoFactorChallenge.findUnique({
    where: { tokenHash: hashChallengeToken(token) },
    select: {
      id: true,
      expiresAt: true,
      user: { select: { id: true, email: true, name: true, sessionVersion: true } },
    },
  });
  if (!challenge || challenge.expiresAt <= clock.now()) return null;
  return { challengeId: challenge.id, user: challenge.user };
}

/**
 * Spends the challenge inside the transaction that accepted the second factor: false when
 * it expired or another request spent it first (the caller rolls back).
 */
export async function consumeTwoFactorChallenge(
  tx: Prisma.TransactionClient,
  challengeId: string,
  now: Date,
): Promise<boolean> {
  const { count } = await tx.twoFactorChallenge.deleteMany({
    where: { id: challengeId, expiresAt: { gt: now } },
  });
  return count === 1;
}
