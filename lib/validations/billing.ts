import { z } from "zod";
import { Plan } from "@/lib/generated/prisma/enums";

export const changePlanSchema = z.object({
  plan: z.enum(Plan, { error: "Choose one of the listed plans" }),
});
