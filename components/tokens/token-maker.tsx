import Link from "next/link";
import type { TokenSummary, TokenUserSummary } from "@/lib/services/tokens";

// Who made a token, in the tokens list and on its page: a person, or a token through the
// API ("by Terraform admin (API token)", linked to that token's page).

type Made = Pick<TokenSummary, "createdBy" | "createdByToken">;
type Revoked = Pick<
  TokenSummary,
  "revokedAt" | "revokedBy" | "revokedByToken" | "revokedUnusedDays" | "exposure"
>;

/** "Ada Lovelace (ada@example.com)" on a token's page, the name alone in the list. */
export function personLabel(person: TokenUserSummary | null, withEmail = false): string {
  if (!person) return "a removed user";
  const name = person.name?.trim();
  if (!name) return person.email;
  return withEmail ? `${name} (${person.email})` : name;
}

/** A token's page, linked by its name: "<name> (API token)". */
function ActingToken({ token }: { token: { id: string; name: string } }) {
  return (
    <>
      <Link
        href={`/settings/api-tokens/${token.id}`}
        className="rounded-sm font-medium text-foreground underline-offset-2 hover:underline"
      >
        {token.name}
      </Link>{" "}
      (API token)
    </>
  );
}

/**
 * Who revoked a token: a person, a token through the API, or MailShield itself (the
 * unused-token policy, or an exposure report).
 */
export function RevokedBy({ token }: { token: Revoked }) {
  if (token.revokedUnusedDays !== null)
    return <>automatically, as it was unused for {token.revokedUnusedDays} days</>;
  if (token.revokedByToken)
    return (
      <>
        by <ActingToken token={token.revokedByToken} />
      </>
    );
  if (
    !token.revokedBy &&
    token.exposure &&
    token.revokedAt?.getTime() === token.exposure.at.getTime()
  )
    return <>automatically, as it was found exposed</>;
  return <>by {personLabel(token.revokedBy, true)}</>;
}

/** "by <person>" or "by <token> (API token)"; on a token's page also whose token that is. */
export function MadeBy({ token, detailed = false }: { token: Made; detailed?: boolean }) {
  const maker = token.createdByToken;
  if (!maker) return <>by {personLabel(token.createdBy, detailed)}</>;
  return (
    <>
      by{" "}
      <Link
        href={`/settings/api-tokens/${maker.id}`}
        className="rounded-sm font-medium text-foreground underline-offset-2 hover:underline"
        data-testid="made-by-token"
      >
        {maker.name}
      </Link>{" "}
      (API token)
      {detailed && token.createdBy ? <>, a token of {personLabel(token.createdBy, true)}</> : null}
    </>
  );
}
