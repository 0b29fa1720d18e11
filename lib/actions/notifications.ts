"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { markNotificationsRead } from "@/lib/services/notifications/list-notifications";
import { defineAction } from "./define-action";

/** Marks one of the signed-in member's notifications read (`id`), or all of them. */
export const markNotificationsReadAction = defineAction(
  {
    name: "notifications.markRead",
    schema: z.object({ id: z.uuid().optional() }),
    failureMessage: "The notifications could not be marked read. Please try again.",
  },
  async ({ input, ctx }) => {
    await markNotificationsRead(ctx, { id: input.id });
    revalidatePath("/", "layout");
    return { data: null };
  },
);
