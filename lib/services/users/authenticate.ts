import "server-only";
import type { AuditAction } from "@/lib/audit/actions";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { recordAccountEvent } from "@/lib/services/audit/record-audit-event";
import {
  type SecondFactorMethods,
  secondFactorMethods,
} from "@/lib/services/users/two-factor-status";
import { signInSchema } from "@/lib/validations/auth";

// Verifying against a throwaway hash when the email is unknown makes both failure paths
// cost one argon2 verification, so response time does not reveal which emails exist.
let decoyHash: Promise<string> | undefined;
function getDecoyHash(): Promise<string> {
  decoyHash ??= hashPassword("decoy password that never matches anything");
  return decoyHash;
}

/** The user a correct email + password belongs to (what the session is started for). */
export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string | null;
  sessionVersion: number;
  /** Has a second factor: the password alone starts no session (two-factor-status.ts). */
  twoFactor: boolean;
  /** Which second factors, when `twoFactor`: what the sign-in's second step offers. */
  secondFactors?: SecondFactorMethods;
}

/**
 * The Credentials provider's authorize(): the user for a correct email + password, else
 * null. Every failure (unknown email, wrong password, malformed input) looks the same.
 * A verified password and a wrong one for an existing account are audited in each of the
 * user's organizations; an unknown email belongs to no organization, so nothing records it.
 */
export async function authenticateWithPassword(
  credentials: unknown,
  ip: string | null = null,
): Promise<AuthenticatedUser | null> {
  const parsed = signInSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true, sessionVersion: true },
  });
  if (!user) {
    await verifyPassword(await getDecoyHash(), password);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    await auditSignIn(user.id, "user.sign_in_failed", ip);
    return null;
  }
  const methods = await secondFactorMethods(db, user.id);
  const twoFactor = methods.totp || methods.passkey;
  // With two-factor, the sign-in is recorded once the second factor passes.
  if (!twoFactor) await auditSignIn(user.id, "user.signed_in", ip);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    sessionVersion: user.sessionVersion,
    twoFactor,
    ...(twoFactor ? { secondFactors: methods } : {}),
  };
}

async function auditSignIn(userId: string, action: AuditAction, ip: string | null): Promise<void> {
  await db.$transaction((tx) => recordAccountEvent(tx, { userId, action, ip }));
}
