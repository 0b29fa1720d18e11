import "server-only";
import { cookies } from "next/headers";
import { cookiesAreSecure } from "@/lib/session/cookie-security";

// Which of the user's organizations the dashboard shows, remembered in this browser. The
// cookie is only a preference: getSessionContext honours it only for an organization the
// user still belongs to, and falls back to their oldest membership otherwise.

export const CURRENT_ORGANIZATION_COOKIE = "ms_org";
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The organization this browser last chose, or null. Not validated: see getSessionContext. */
export async function readCurrentOrganizationId(): Promise<string | null> {
  return (await cookies()).get(CURRENT_ORGANIZATION_COOKIE)?.value ?? null;
}

/** Makes `organizationId` the current organization in this browser (a server action or route). */
export async function rememberOrganization(organizationId: string): Promise<void> {
  (await cookies()).set(CURRENT_ORGANIZATION_COOKIE, organizationId, {
    httpOnly: true,
    sameSite: "lax",
    secure: await cookiesAreSecure(),
    path: "/",
    maxAge: ONE_YEAR_SECONDS,
  });
}
