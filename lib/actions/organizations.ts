"use server";

import { redirect } from "next/navigation";
import { DEFAULT_SIGNED_IN_PATH, safeCallbackPath } from "@/lib/auth/callback-url";
import { AppError } from "@/lib/errors";
import { rememberOrganization } from "@/lib/session/current-organization";
import {
  NOT_YOUR_ORGANIZATION_MESSAGE,
  SWITCH_ORGANIZATION_FAILED_MESSAGE,
  switchOrganizationSchema,
} from "@/lib/validations/organizations";
import { defineAction } from "./define-action";

/**
 * Makes another of the user's organizations the current one in this browser, then opens
 * its API Tokens page (the page the user was on may not exist there), or `returnTo` when
 * the switch was offered to open one page of that organization (a token's details).
 * The posted id counts only when it is one of the memberships read from the database for
 * this request; any other id is refused and the cookie is left alone.
 */
export const switchOrganizationAction = defineAction(
  {
    name: "organizations.switch",
    beforeTwoFactorSetup: true,
    schema: switchOrganizationSchema,
    invalidMessage: NOT_YOUR_ORGANIZATION_MESSAGE,
    failureMessage: SWITCH_ORGANIZATION_FAILED_MESSAGE,
  },
  async ({ input, session }) => {
    const target = session.organizations.find(({ id }) => id === input.organizationId);
    if (!target) throw new AppError("not_found", NOT_YOUR_ORGANIZATION_MESSAGE);
    await rememberOrganization(target.id);
    redirect(input.returnTo ? safeCallbackPath(input.returnTo) : DEFAULT_SIGNED_IN_PATH);
  },
);
