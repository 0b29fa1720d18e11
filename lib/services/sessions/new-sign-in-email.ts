import { SECURITY_SETTINGS_PATH } from "@/lib/paths";
import "server-only";
import { verifyDeviceCookie } from "@/lib/auth/device-cookie";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { accountKey } from "@/lib/rate-limit/sign-in-limits";
import { deliverEmail } from "@/lib/services/mail/deliver";
import { dashboardLink } from "@/lib/services/mail/links";
import { deviceLine } from "./device";

// "New sign-in to MailShield": sent when someone signs in to the account from a browser
// that has not signed in to it before, so a stolen password shows itself to its owner.
//
// "Before" is the device cookie (lib/auth/device-cookie.ts): every successful sign-in
// leaves a signed cookie naming the account, and a browser that presents a valid one at
// sign-in has signed in here before. It cannot be forged without the app's secret and
// names the account, unlike a fingerprint of browser and operating system, which an
// attacker on the same Chrome on Windows as their victim would match and which many
// people share. A browser whose cookies were cleared, a private window, or any browser
// after a password change (which voids every device cookie) counts as new: one email
// too many rather than one too few.

/** The sign-in that follows creating an account is the sign-up itself, not news. */
const NEW_ACCOUNT_GRACE_MS = 10 * 60 * 1000;

export const NEW_SIGN_IN_SUBJECT = "New sign-in to MailShield";

export interface SignInNotice {
  userId: string;
  ip: string | null;
  userAgent: string | null;
  /** The device cookie the browser sent with the sign-in request, if any. */
  deviceCookie: string | null;
}

export type SignInNoticeOutcome = "known_browser" | "new_account" | "not_configured" | "sent";

/** Emails the person when the browser is new to their account (see above). */
export async function emailIfNewBrowser(notice: SignInNotice): Promise<SignInNoticeOutcome> {
  const user = await db.user.findUnique({
    where: { id: notice.userId },
    select: { email: true, passwordHash: true, createdAt: true },
  });
  if (!user) return "known_browser";
  const account = { accountKey: accountKey(user.email), passwordHash: user.passwordHash };
  if (verifyDeviceCookie(notice.deviceCookie, account)) return "known_browser";
  const now = clock.now();
  if (now.getTime() - user.createdAt.getTime() < NEW_ACCOUNT_GRACE_MS) return "new_account";

  const delivered = await deliverEmail({
    to: user.email,
    subject: NEW_SIGN_IN_SUBJECT,
    text: newSignInText({ ...notice, at: now }),
  });
  return delivered === "sent" ? "sent" : "not_configured";
}

function newSignInText(notice: SignInNotice & { at: Date }): string {
  const time = notice.at.toUTCString().replace(/GMT$/, "UTC");
  return [
    "Your MailShield account was just signed in to from a browser it has not seen before.",
    "",
    `  Browser: ${deviceLine(notice.userAgent)}`,
    `  IP address: ${notice.ip ?? "unknown"}`,
    `  Time: ${time}`,
    "",
    "If this was you, there is nothing to do.",
    "If it was not, sign that session out and change your password:",
    dashboardLink(`${SECURITY_SETTINGS_PATH}#sessions`),
  ].join("\n");
}
