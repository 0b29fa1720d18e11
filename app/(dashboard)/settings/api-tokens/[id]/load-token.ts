import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { memberPrincipal } from "@/lib/auth/principal";
import { isAppError } from "@/lib/errors";
import { findTokenOrganization, getToken, type TokenSummary } from "@/lib/services/tokens";
import { requireSessionContext } from "@/lib/session/session";

/**
 * The token page's token in the current organization; or, when it is a token of another
 * organization the person belongs to, that organization (the page offers to switch); else
 * the 404 page, which reads the same for a stranger's token as for one that never existed.
 * Cached per request: the layout looks it up before the page streams (so the 404 is a 404
 * status), and the page reads the same answer.
 */
export const loadToken = cache(
  async (
    id: string,
  ): Promise<{ token: TokenSummary } | { holder: { id: string; name: string } }> => {
    const context = await requireSessionContext();
    const reader = {
      principal: memberPrincipal(context, null),
      organizationId: context.organization.id,
    };
    try {
      return { token: await getToken(reader, id) };
    } catch (error) {
      if (!isAppError(error) || error.code !== "not_found") throw error;
    }
    const others = context.organizations.filter((other) => other.id !== context.organization.id);
    const holderId = await findTokenOrganization(
      id,
      others.map((other) => other.id),
    );
    const holder = others.find((other) => other.id === holderId);
    if (!holder) notFound();
    return { holder: { id: holder.id, name: holder.name } };
  },
);
