import "server-only";
import { memberPrincipal } from "@/lib/auth/principal";
import { DEFAULT_SCOPES, isScope, type Scope } from "@/lib/permissions";
import { getToken } from "@/lib/services/tokens";
import type { SudoPredicate } from "./define-action";

// Which calls of the token and member actions need sudo mode (docs/security.md, "Sudo
// mode"). A token that can write (any `:write` scope, so Full access too) is what a stolen
// session would mint to keep access; a read-only token is not asked for. The API is not
// concerned: tokens are not people.

/**
 * The scopes a form asks for, as the form's schema listed them, or null when it makes no
 * choice (the field is absent).
 */
function requestedScopes(listed: readonly string[] | undefined): Scope[] | null {
  return listed === undefined ? null : listed.filter(isScope);
}

const canWrite = (scopes: readonly string[]) => scopes.some((scope) => scope.endsWith(":write"));

/** Creating a token: when it could write (no choice means the default, which writes). */
export const creatingWriteToken: SudoPredicate<{ scopes?: string[] }> = ({ input }) =>
  canWrite(requestedScopes(input.scopes) ?? DEFAULT_SCOPES);

/**
 * Editing a token: when the edit grants a write scope the token lacks (otherwise a
 * read-only token made without sudo could be widened to Full access).
 */
export const grantingWriteScope: SudoPredicate<{
  tokenId: string;
  scopes?: string[];
}> = async ({ input, session }) => {
  const requested = requestedScopes(input.scopes);
  if (!requested || !canWrite(requested)) return false;
  const stored = await getToken(memberContext(session), input.tokenId).catch(() => null);
  // A token that is not there is the service's "not found" to answer.
  return (
    stored !== null && requested.some((s) => s.endsWith(":write") && !stored.scopes.includes(s))
  );
};

/** Rotating a token: when the successor, which keeps its scopes, could write. */
export const rotatingWriteToken: SudoPredicate<{ tokenId: string }> = async ({
  input,
  session,
}) => {
  const stored = await getToken(memberContext(session), input.tokenId).catch(() => null);
  return stored !== null && canWrite(stored.scopes);
};

/** Removing a member: anyone but yourself (leaving an organization takes nothing from it). */
export const removingSomeoneElse: SudoPredicate<{ userId: string }> = ({ input, session }) =>
  input.userId.toLowerCase() !== session.user.id.toLowerCase();

function memberContext(session: Parameters<SudoPredicate<unknown>>[0]["session"]) {
  return { principal: memberPrincipal(session, null), organizationId: session.organization.id };
}
