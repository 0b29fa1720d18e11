import "server-only";
import { createHash } from "node:crypto";
import { PASSKEY_CHALLENGE_EXPIRED_MESSAGE } from "@/lib/auth/passkey-messages";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { WebAuthnChallengePurpose } from "@/lib/generated/prisma/enums";

// WebAuthn challenges: 32 random bytes from @simplewebauthn/server, kept server-side only as
// their SHA-256 under an id the browser sends back. Each is consumed (deleted) before its
// response is checked, so it can be answered once, right or wrong; it lapses after
// CHALLENGE_LIFETIME_MS by the application's clock.

/** Long enough to find a security key and touch it; the browser's own timeout matches. */
export const CHALLENGE_LIFETIME_MS = 5 * 60_000;

export function hashChallenge(challenge: string): string {
  return createHash("sha256").update(challenge).digest("hex");
}

/** Stores a new challenge and returns its id. Clears lapsed ones, so the table stays small. */
export async function storeChallenge(
  purpose: WebAuthnChallengePurpose,
  challenge: string,
  userId: string | null,
): Promise<string> {
  const now = clock.now();
  await db.webAuthnChallenge.deleteMany({ where: { expiresAt: { lte: now } } });
  const row = await db.webAuthnChallenge.create({
    data: {
      purpose,
      challengeHash: hashChallenge(challenge),
      userId,
      expiresAt: new Date(now.getTime() + CHALLENGE_LIFETIME_MS),
      createdAt: now,
    },
    select: { id: true },
  });
  return row.id;
}

/**
 * Takes the challenge `challengeId` out of the store (single use: two concurrent answers
 * cannot both find it) and returns the check of the challenge the browser signed. Refused
 * when it does not exist, was issued for another ceremony or another person, or has lapsed.
 */
export async function consumeChallenge(
  challengeId: string,
  purpose: WebAuthnChallengePurpose,
  userId: string | null,
): Promise<(challenge: string) => boolean> {
  const row = await db.webAuthnChallenge.findUnique({
    where: { id: challengeId },
    select: { purpose: true, challengeHash: true, userId: true, expiresAt: true },
  });
  // The delete's count decides between concurrent answers: only one of them removes it.
  const taken = row ? await db.webAuthnChallenge.deleteMany({ where: { id: challengeId } }) : null;
  if (!row || taken?.count !== 1)
    throw new AppError("bad_request", PASSKEY_CHALLENGE_EXPIRED_MESSAGE);
  const fits = row.purpose === purpose && row.userId === userId;
  if (!fits || row.expiresAt.getTime() <= clock.ms()) {
    throw new AppError("bad_request", PASSKEY_CHALLENGE_EXPIRED_MESSAGE);
  }
  return (challenge) => hashChallenge(challenge) === row.challengeHash;
}
