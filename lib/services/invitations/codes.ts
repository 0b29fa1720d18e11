import "server-only";
import { generateLinkCode, hashLinkCode } from "@/lib/auth/link-code";
import { INVITATION_CODE_PATTERN } from "@/lib/validations/invitations";

// An invite code is a bearer secret (whoever holds the link may open it), so only its
// SHA-256 is stored, like API tokens: a database leak reveals no usable link.

export const generateInvitationCode = generateLinkCode;
export const hashInvitationCode = hashLinkCode;

export function isWellFormedInvitationCode(code: unknown): code is string {
  return typeof code === "string" && INVITATION_CODE_PATTERN.test(code);
}

export function invitationPath(code: string): string {
  return `/invite/${code}`;
}
