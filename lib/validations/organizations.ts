import { z } from "zod";

/** The header's organization switcher: which of the user's organizations to make current. */
export const switchOrganizationSchema = z.object({
  // Only an id; whether the user belongs to it is for the action to check, never the form.
  organizationId: z.string().trim().min(1).max(100),
  // The page to open there (a token of that organization); checked by safeCallbackPath,
  // anything else opens the organization's API Tokens page.
  returnTo: z.string().max(2000).optional(),
});

export const SWITCH_ORGANIZATION_FAILED_MESSAGE =
  "We could not switch organizations. Please try again.";

export const NOT_YOUR_ORGANIZATION_MESSAGE =
  "You are not a member of that organization. Reload the page to see your organizations.";
