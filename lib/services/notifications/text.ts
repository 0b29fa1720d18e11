// What a notification says, in one place for the dashboard's list and the email. Plain
// data in, plain text out (client-safe); never token material, only the token's name.

export type NotificationKindName = "TOKEN_EXPOSED" | "TOKEN_EXPIRING";

export interface NotificationSubject {
  kind: NotificationKindName;
  /** Days before expiry for TOKEN_EXPIRING; 0 otherwise. */
  thresholdDays: number;
  tokenName: string;
}

/** One sentence: the list item's text and the email's subject. */
export function notificationTitle(subject: NotificationSubject): string {
  const name = `“${subject.tokenName}”`;
  if (subject.kind === "TOKEN_EXPOSED") {
    return `API token ${name} was found exposed in public and revoked`;
  }
  const when =
    subject.thresholdDays === 1 ? "within a day" : `within ${subject.thresholdDays} days`;
  return `API token ${name} expires ${when}`;
}

/** What to do about it, for the email's body. */
export function notificationAdvice(kind: NotificationKindName): string {
  return kind === "TOKEN_EXPOSED"
    ? "It no longer works. Remove it from where it was found and give its integration a new token."
    : "Rotate it or create a new token before then, or the integrations using it will stop working.";
}
