"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { dismissExposureNotices } from "@/lib/services/tokens/exposure-notices";
import { defineAction } from "./define-action";

/** Dismisses the exposed-token banner for the signed-in member, up to what it showed. */
export const dismissExposureNoticesAction = defineAction(
  {
    name: "tokens.dismissExposureNotices",
    schema: z.object({ through: z.iso.datetime() }),
    permission: "tokens:write",
    failureMessage: "The notice could not be dismissed. Please try again.",
  },
  async ({ input, session, principal }) => {
    await dismissExposureNotices(
      { principal, organizationId: session.organization.id },
      { through: new Date(input.through) },
    );
    revalidatePath("/", "layout");
    return { data: null };
  },
);
