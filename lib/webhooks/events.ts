// The webhook events MailShield sends, with what each means. Client-safe: the endpoint
// form lists them, the OpenAPI document and docs/webhooks.md describe them from here.

export const WEBHOOK_EVENTS = {
  "token.created": "A token was created.",
  "token.updated": "A token's name, description, scopes, allowlist or expiry changed.",
  "token.rotated": "A token was rotated: a successor was created.",
  "token.revoked": "A token was revoked (by a person, a token or MailShield).",
  "token.expiring": "A token expires within 7 days (and again within 1 day).",
  "token.expired": "A token reached its expiry.",
  "token.exposed": "A token was reported publicly exposed and revoked.",
  "token.rotation_completed":
    "A rotated token stopped working: grace period over or successor used.",
  "token.denied_spike": "Refusals for one token passed the threshold within 5 minutes.",
  "member.joined": "Someone joined the organization.",
  "member.removed": "A member was removed from the organization.",
  "audit.event": "Any audit event: the audit log as a stream.",
} as const satisfies Record<string, string>;

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;

export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as WebhookEventType[];

/** Sent by "Send test event" only; no endpoint subscribes to it. */
export const WEBHOOK_TEST_EVENT = "webhook.test";

export function isWebhookEventType(value: string): value is WebhookEventType {
  return Object.hasOwn(WEBHOOK_EVENTS, value);
}
