import "server-only";
import { config, webhookPrivateNetworksAllowed } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { assertPublicLiteral } from "./network-guard";

// What an endpoint URL must be before it is saved. The address a name resolves to is only
// judged when connecting (network-guard.ts); here, what can be judged from the text.

function invalidUrl(message: string): AppError {
  return new AppError("validation_error", "Request validation failed", {
    fieldErrors: { url: [message] },
  });
}

/**
 * In production: https only, on a public address. WEBHOOK_ALLOW_PRIVATE_NETWORKS=true (and
 * development and tests) lifts both: a receiver on the local network rarely has a
 * certificate.
 */
export function assertAllowedWebhookUrl(text: string): void {
  const settings = config();
  const url = new URL(text);
  if (webhookPrivateNetworksAllowed(settings)) return;
  if (settings.NODE_ENV === "production" && url.protocol !== "https:") {
    throw invalidUrl("The URL must start with https://");
  }
  const host = url.hostname.toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) {
    throw invalidUrl("The URL must point to a public address, not this machine");
  }
  try {
    assertPublicLiteral(host);
  } catch {
    throw invalidUrl("The URL must point to a public address, not a private or local one");
  }
}
