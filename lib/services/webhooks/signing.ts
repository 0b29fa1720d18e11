import "server-only";
import { Webhook } from "standardwebhooks";
import { decryptWebhookSecret } from "./secret-crypto";

// Standard Webhooks signing: `webhook-signature` is a space-separated list of `v1,<sig>`,
// and a receiver accepts the message when any one matches. During the 24 hours after a
// rotation both the new and the previous secret sign, so a receiver still holding the old
// secret keeps verifying while it is updated.

export interface SigningSecrets {
  secretEncrypted: string;
  previousSecretEncrypted: string | null;
  previousSecretExpiresAt: Date | null;
}

export interface WebhookHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/** The headers of one attempt, signed at `at` (the application's clock). */
export function signedHeaders(
  endpoint: SigningSecrets,
  eventId: string,
  body: string,
  at: Date,
): WebhookHeaders {
  const secrets = [decryptWebhookSecret(endpoint.secretEncrypted)];
  if (
    endpoint.previousSecretEncrypted &&
    endpoint.previousSecretExpiresAt &&
    endpoint.previousSecretExpiresAt > at
  ) {
    secrets.push(decryptWebhookSecret(endpoint.previousSecretEncrypted));
  }
  // The timestamp is whole seconds, as the header carries it; signing with the same value.
  const timestamp = new Date(Math.floor(at.getTime() / 1000) * 1000);
  return {
    "webhook-id": eventId,
    "webhook-timestamp": String(timestamp.getTime() / 1000),
    "webhook-signature": secrets
      .map((secret) => new Webhook(secret).sign(eventId, timestamp, body))
      .join(" "),
  };
}
