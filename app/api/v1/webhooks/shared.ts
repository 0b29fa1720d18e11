import { z } from "zod";

// Any string: an id that is not a UUID is no endpoint of the organization, answered 404 by
// the service like another organization's id, so the two cannot be told apart.
export const webhookParamsSchema = z.object({
  id: z.string().meta({
    description:
      "The webhook endpoint's id. Ids that are not UUIDs, or belong to another organization, give 404.",
    format: "uuid",
  }),
});

export const WEBHOOKS_TAG = "Webhooks";
