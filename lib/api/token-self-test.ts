import "server-only";
import { AUTH_MESSAGES, authenticateTokenHash, presentedTokenHash } from "@/lib/api/bearer";
import { AppError } from "@/lib/errors";
import { isScope, type Scope } from "@/lib/permissions";

// The reveal dialog's Test button: what GET /api/v1/tokens/self would answer the token just
// shown, decided in process by the same authentication every API request takes
// (authenticateTokenHash: the hash lookup, revoked, expired, rotated past its grace, the IP
// allowlist, the plan), with the same status, code and message.
//
// In process rather than an HTTP request to the public URL, for three reasons. A test is no
// use of the token: a real request would be the new token's first one, which with "expire
// the old token as soon as the new one is used" ends the old token's grace before the
// customer has deployed the new one; it would also stamp "last used" and write an access
// log row from the server's own address. A server often cannot reach its own public URL
// (a proxy or firewall in front), and that failure would say nothing about the token. And
// the allowlist is judged against the address of the person testing, the one address we
// know they are at, instead of the server's. Only the token's hash is kept, as on the API;
// the value is neither logged nor stored.

export type TokenTestAnswer =
  | { ok: true; status: 200; name: string; scopes: Scope[] }
  | { ok: false; status: number; code: string; message: string };

/**
 * Tests `token` as GET /api/v1/tokens/self would, from `clientIp`. Only the token shown
 * (`tokenId` of `organizationId`) is tested: any other value is answered like an unknown
 * token, so this is no way to learn about tokens of other organizations.
 */
export async function testTokenAsApi(input: {
  token: string;
  tokenId: string;
  organizationId: string;
  clientIp: string | null;
}): Promise<TokenTestAnswer> {
  const hash = presentedTokenHash(`Bearer ${input.token.trim()}`);
  const auth = await authenticateTokenHash(hash, { clientIp: input.clientIp });
  const theOne =
    auth.token !== null &&
    auth.token.id === input.tokenId &&
    auth.token.organizationId === input.organizationId;
  if (!theOne) {
    const error =
      hash === null
        ? new AppError("unauthorized", AUTH_MESSAGES.missing)
        : new AppError("unauthorized", AUTH_MESSAGES.invalid);
    return refusal(error);
  }
  if (!auth.ok) return refusal(auth.error);
  // GET /api/v1/tokens/self needs no scope: any valid token may read itself.
  return {
    ok: true,
    status: 200,
    name: auth.token.name,
    scopes: auth.token.scopes.filter(isScope),
  };
}

function refusal(error: AppError): TokenTestAnswer {
  return { ok: false, status: error.status, code: error.code, message: error.message };
}
