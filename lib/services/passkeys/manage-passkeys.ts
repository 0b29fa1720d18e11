import "server-only";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { recordAccountEvent } from "@/lib/services/audit/record-audit-event";
import { hasTwoFactor } from "@/lib/services/users/two-factor-status";
import { sendPasskeyChangeEmail } from "./passkey-email";
import { type PasskeySummary, passkeySummarySelect, toPasskeySummary } from "./passkey-summary";

// A person's own passkeys: each query names the person, so one person's session can
// neither see nor remove another's passkey (a foreign id is "not found", like a missing one).

/** The person's passkeys, oldest first (the order they added them). */
export async function listPasskeys(userId: string): Promise<PasskeySummary[]> {
  const rows = await db.passkey.findMany({
    where: { userId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: passkeySummarySelect,
  });
  return rows.map(toPasskeySummary);
}

/** Removes one of the person's passkeys; audited in each of their organizations and emailed. */
export async function removePasskey(request: {
  userId: string;
  passkeyId: string;
  ip: string | null;
}): Promise<{ name: string }> {
  const now = clock.now();
  const removed = await db.$transaction(async (tx) => {
    const passkey = await tx.passkey.findFirst({
      where: { id: request.passkeyId, userId: request.userId },
      select: { id: true, name: true, user: { select: { email: true } } },
    });
    const deleted = passkey
      ? await tx.passkey.deleteMany({ where: { id: passkey.id, userId: request.userId } })
      : null;
    // Already gone (a second click, another tab): nothing to record or email.
    if (!passkey || deleted?.count !== 1) throw notFound("Passkey");
    await recordAccountEvent(tx, {
      userId: request.userId,
      action: "user.passkey_removed",
      ip: request.ip,
      metadata: { passkeyId: passkey.id, name: passkey.name },
    });
    // The last passkey of a person without an authenticator app turns two-factor off.
    return { ...passkey, twoFactorOff: !(await hasTwoFactor(tx, request.userId)) };
  });
  await sendPasskeyChangeEmail({
    to: removed.user.email,
    change: "removed",
    twoFactorChanged: removed.twoFactorOff,
    passkeyName: removed.name,
    at: now,
    ip: request.ip,
  });
  return { name: removed.name };
}
