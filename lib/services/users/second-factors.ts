import "server-only";
import { totpCodeStep } from "@/lib/auth/totp";
import { decryptTwoFactorSecret, hashRecoveryCode } from "@/lib/auth/two-factor-crypto";
import type { Prisma } from "@/lib/generated/prisma/client";

// Checking a second factor inside the transaction that spends it. Each is a conditional
// UPDATE, so two requests with the same code cannot both pass: PostgreSQL re-checks the
// condition on the row the first one changed.

/** An authenticator-app code, accepted once: its time step must be after the last one used. */
export async function acceptTotpCode(
  tx: Prisma.TransactionClient,
  userId: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const credential = await tx.totpCredential.findUnique({
    where: { userId },
    select: { encryptedSecret: true, confirmedAt: true },
  });
  if (!credential?.confirmedAt) return false;
  const step = totpCodeStep(decryptTwoFactorSecret(credential.encryptedSecret), code, now);
  if (step === null) return false;
  const { count } = await tx.totpCredential.updateMany({
    where: {
      userId,
      confirmedAt: { not: null },
      OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }],
    },
    data: { lastUsedStep: step },
  });
  return count === 1;
}

/** A recovery code, spent by its use. Returns the codes left, or null when it did not match. */
export async function spendRecoveryCode(
  tx: Prisma.TransactionClient,
  userId: string,
  code: string,
  now: Date,
): Promise<{ left: number } | null> {
  if (code.length > 64) return null;
  const { count } = await tx.recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: now },
  });
  if (count !== 1) return null;
  return { left: await tx.recoveryCode.count({ where: { userId, usedAt: null } }) };
}
