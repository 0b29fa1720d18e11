import { tokenLabel } from "@/lib/rules/token-label";

// What a notification says, in one place for the dashboard's list and the email. Plain
// data in, plain text out (client-safe); never token material, only the token's name.

export type NotificationKindName = "TOKEN_EXPOSED" | "TOKEN_EXPIRING" | "TOKEN_UNUSED";

export interface NotificationSubject {
  kind: NotificationKindName;
  /** Days before expiry for TOKEN_EXPIRING; the policy's days for TOKEN_UNUSED; 0 otherwise. */
  thresholdDays: number;
  tokenName: string;
  /**
   * The token's last four characters, which tell a rotated token from its successor of the
   * same name in the dashboard. Left out of emails, which carry no character of a token.
   */
  tokenLastFour?: string;
}

/** One sentence: the list item's text and the email's subject. */
export function notificationTitle(subject: NotificationSubject): string {
  // The sentence says the token's state itself.
  const { tokenName, tokenLastFour } = subject;
  const label =
    tokenLastFour === undefined
      ? tokenName
      : tokenLabel({ name: tokenName, lastFour: tokenLastFour }, undefined, { withState: false });
  const name = `“${label}”`;
  if (subject.kind === "TOKEN_EXPOSED") {
    return `API token ${name} was found exposed in public and revoked`;
  }
  if (subject.kind === "TOKEN_UNUSED") {
    return `API token ${name} will be revoked in 7 days: unused for ${subject.thresholdDays} days by then`;
  }
  const when =
    subject.thresholdDays === 1 ? "within a day" : `within ${subject.thresholdDays} days`;
  return `API token ${name} expires ${when}`;
}

/** What to do about it, for the email's body. */
export function notificationAdvice(kind: NotificationKindName): string {
  if (kind === "TOKEN_UNUSED") {
    return "Your organization revokes tokens nobody uses. One request made with it before then keeps it; otherwise nothing needs doing.";
  }
  return kind === "TOKEN_EXPOSED"
    ? "It no longer works. Remove it from where it was found and give its integration a new token."
    : "Rotate it or create a new token before then, or the integrations using it will stop working.";
}
