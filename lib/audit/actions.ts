// The audit log's vocabulary: every action an audit event may record, with the label the
// Audit Log page, its filter and the CSV show. Adding an audited action is one line here
// (recordAuditEvent accepts only these). Client-safe: the filter bar imports it.

export const AUDIT_ACTIONS = {
  "token.created": "Token created",
  "token.updated": "Token updated",
  "token.rotated": "Token rotated",
  "token.revoked": "Token revoked",
  "domain.created": "Domain added",
  "domain.deleted": "Domain deleted",
  "member.invited": "Member invited",
  "member.invitation_revoked": "Invitation revoked",
  "member.invitation_reissued": "Invitation link replaced",
  "member.invitation_resent": "Invitation resent",
  "member.joined": "Member joined",
  "member.role_changed": "Member role changed",
  "member.removed": "Member removed",
  "plan.changed": "Plan changed",
  "webhook.created": "Webhook endpoint added",
  "webhook.updated": "Webhook endpoint changed",
  "webhook.deleted": "Webhook endpoint deleted",
  "webhook.secret_rotated": "Webhook secret rotated",
  "policy.changed": "Policy changed",
  "user.signed_in": "Sign-in succeeded",
  "user.sign_in_failed": "Sign-in failed",
  "user.password_changed": "Password changed",
  "user.passkey_added": "Passkey added",
  "user.passkey_removed": "Passkey removed",
  "user.session_signed_out": "Other session signed out",
  "user.other_sessions_signed_out": "All other sessions signed out",
  "user.password_reset": "Password reset by email",
  "user.email_verified": "Email address verified",
  "user.two_factor_enabled": "Two-factor turned on",
  "user.two_factor_disabled": "Two-factor turned off",
  "user.two_factor_failed": "Two-factor code refused",
  "user.recovery_code_used": "Recovery code used",
  "user.recovery_codes_regenerated": "Recovery codes regenerated",
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as AuditAction[];

/**
 * The events of signing in, which "Hide sign-ins" leaves out: frequent, and not changes to
 * anything. A recovery code used stays (one fewer code is left).
 */
export const SIGN_IN_ACTIONS = [
  "user.signed_in",
  "user.sign_in_failed",
  "user.two_factor_failed",
] as const satisfies readonly AuditAction[];

export function isSignInAction(action: string): boolean {
  return (SIGN_IN_ACTIONS as readonly string[]).includes(action);
}

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, value);
}

/**
 * The label of a stored action; an action this version does not know shows as stored. A
 * revocation by MailShield after a secret-scanning report reads "Token revoked: found
 * exposed", one by the unused-token policy "Token revoked: unused for 90 days" (its metadata
 * carries the reason and the days).
 */
export function auditActionLabel(action: string, metadata: Record<string, unknown> = {}): string {
  const label = isAuditAction(action) ? AUDIT_ACTIONS[action] : action;
  if (action === "token.revoked" && metadata.reason === "exposed") return `${label}: found exposed`;
  if (action === "token.revoked" && metadata.reason === "unused") {
    return typeof metadata.unusedDays === "number"
      ? `${label}: unused for ${metadata.unusedDays} days`
      : `${label}: unused`;
  }
  return label;
}
