// The organization's unused-token policy: tokens that made no request for the chosen
// number of days are revoked by MailShield, the token's creator and the owners warned
// WARNING_DAYS before. A token never used counts from its creation. Client-safe.

/** The choices an owner has (also a CHECK constraint). */
export const UNUSED_TOKEN_POLICY_DAYS = [30, 90, 180, 365] as const;

export type UnusedTokenPolicyDays = (typeof UNUSED_TOKEN_POLICY_DAYS)[number];

/** null: off (the default). */
export type UnusedTokenPolicy = UnusedTokenPolicyDays | null;

/** How long before the revocation the warning goes out. */
export const UNUSED_WARNING_DAYS = 7;

export function isUnusedTokenPolicyDays(value: unknown): value is UnusedTokenPolicyDays {
  return (UNUSED_TOKEN_POLICY_DAYS as readonly unknown[]).includes(value);
}

/** "Off" or "After 90 days unused". */
export function describeUnusedTokenPolicy(policy: UnusedTokenPolicy): string {
  return policy === null ? "Off" : `After ${policy} days unused`;
}

/** What the token page and list say of a token the policy revoked. */
export function unusedRevocationLabel(days: number): string {
  return `Revoked: unused for ${days} days`;
}
