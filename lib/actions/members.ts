"use server";

import { revalidatePath } from "next/cache";
import { roleWithArticle } from "@/lib/permissions";
import { countOf } from "@/lib/plural";
import { changeMemberRole, removeMember } from "@/lib/services/members";
import {
  changeMemberRoleSchema,
  MEMBER_REMOVE_FAILED_MESSAGE,
  MEMBER_ROLE_CHANGE_FAILED_MESSAGE,
  removeMemberSchema,
} from "@/lib/validations/members";
import { defineAction } from "./define-action";
import { removingSomeoneElse } from "./sudo-rules";

// The services check the actor's role again inside their transaction (read from the
// database, under the owners' lock); the permission here answers a member before that runs.

const MEMBERS_PATH = "/settings/members";

/** Gives a member another role (owners only; the last owner keeps theirs). */
export const changeMemberRoleAction = defineAction(
  {
    name: "members.changeRole",
    schema: changeMemberRoleSchema,
    permission: "members:manage",
    sudo: true,
    failureMessage: MEMBER_ROLE_CHANGE_FAILED_MESSAGE,
  },
  async ({ input, ctx }) => {
    const result = await changeMemberRole(ctx, input);
    revalidatePath(MEMBERS_PATH);
    return {
      data: { role: result.after, changed: result.changed },
      message: result.changed
        ? `${result.email} is now ${roleWithArticle(result.after)}.`
        : `${result.email} is already ${roleWithArticle(result.after)}.`,
    };
  },
);

/** Removes a member, optionally revoking the tokens they created (owners only). */
export const removeMemberAction = defineAction(
  {
    name: "members.remove",
    schema: removeMemberSchema,
    permission: "members:manage",
    sudo: removingSomeoneElse,
    failureMessage: MEMBER_REMOVE_FAILED_MESSAGE,
  },
  async ({ input, session, ctx }) => {
    const result = await removeMember(ctx, input);
    revalidatePath(MEMBERS_PATH);
    // Revoked tokens show as such on the token pages.
    if (result.revokedTokenCount > 0) revalidatePath("/settings/api-tokens");
    const count = result.revokedTokenCount;
    const revoked = count > 0 ? ` ${countOf(count, "token")} revoked.` : "";
    const removedSelf = input.userId.toLowerCase() === session.user.id.toLowerCase();
    const organization = session.organization.name;
    return {
      data: { revokedTokenCount: count, removedSelf },
      message: removedSelf
        ? `You left ${organization}.${revoked}`
        : `${result.email} was removed from ${organization}.${revoked}`,
    };
  },
);
