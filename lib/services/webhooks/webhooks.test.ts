import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { reloadConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { createToken } from "@/lib/services/tokens";
import { holdClock } from "@/test/clock";
import { expectAppError } from "@/test/expect-app-error";
import { createTestTenant } from "@/test/factories";
import { memberContext } from "@/test/principals";
import { FAILING_DISABLE_AFTER_MS } from "./auto-disable";
import { listDeliveries, resendDelivery } from "./deliveries";
import { RETRY_DELAYS_MS } from "./dispatch";
import { createWebhook, rotateWebhookSecret, sendTestEvent, updateWebhook } from "./endpoints";
import { postWebhook } from "./http-post";
import { deliverDue, startTestReceiver, type TestReceiver } from "./test-receiver";

// Webhooks end to end on the database: the outbox row written with the audit event, the
// dispatch and one attempt per round, against a real HTTP receiver on this machine, every
// signature checked with the standardwebhooks library. The clock is held and moved.

const receivers: TestReceiver[] = [];
async function receiver(): Promise<TestReceiver> {
  const started = await startTestReceiver();
  receivers.push(started);
  return started;
}

afterEach(async () => {
  delete process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS;
  reloadConfig();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

afterAll(async () => {
  await db.$disconnect();
});

async function setUp(eventTypes: string[] = ["token.created", "audit.event"]) {
  const { organization } = await createTestTenant({ plan: "PRO" });
  const ctx = await memberContext(organization.id, "OWNER");
  const target = await receiver();
  const created = await createWebhook(ctx, {
    url: target.url,
    description: "test receiver",
    eventTypes: eventTypes as never,
  });
  // The endpoint's own creation is an audit event too: start each test from an empty log.
  await db.webhookDelivery.deleteMany({ where: { endpointId: created.webhook.id } });
  return { ctx, target, ...created };
}

function headersOf(received: { headers: Record<string, unknown> }): {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
} {
  return {
    "webhook-id": String(received.headers["webhook-id"]),
    "webhook-timestamp": String(received.headers["webhook-timestamp"]),
    "webhook-signature": String(received.headers["webhook-signature"]),
  };
}

describe("webhook delivery", () => {
  it("delivers token.created and audit.event, signed, to a real receiver", async () => {
    const { ctx, target, webhook, secret } = await setUp();
    expect(secret).toMatch(/^whsec_/);
    const { summary } = await createToken(ctx, { name: "Deploy" });

    const results = await deliverDue(webhook.id);
    expect(results.map((r) => r.outcome)).toEqual(["succeeded", "succeeded"]);
    expect(target.received).toHaveLength(2);
    const verifier = new Webhook(secret);
    const payloads = target.received.map(
      (received) => verifier.verify(received.body, headersOf(received)) as Record<string, unknown>,
    );
    const created = payloads.find((payload) => payload.type === "token.created");
    expect(created?.data).toMatchObject({
      tokenId: summary.id,
      organizationId: ctx.organizationId,
    });
    const audit = payloads.find((payload) => payload.type === "audit.event");
    expect(audit?.data).toMatchObject({ action: "token.created", target: { id: summary.id } });
    // Ids and metadata only: no token value or hash anywhere.
    for (const { body } of target.received)
      expect(body).not.toMatch(/ms_[A-Za-z0-9]{20}|tokenHash/);

    const log = await listDeliveries(ctx, webhook.id);
    expect(log.map((d) => [d.status, d.attempts, d.responseStatus])).toEqual([
      ["succeeded", 1, 200],
      ["succeeded", 1, 200],
    ]);
  });

  it("retries a failing receiver with the same webhook-id, first after 5 s", async () => {
    const clock = holdClock();
    const { ctx, target, webhook, secret } = await setUp(["token.created"]);
    target.respondWith(500);
    await createToken(ctx, { name: "Retry me" });

    const [first] = await deliverDue(webhook.id);
    expect(first).toMatchObject({ outcome: "retrying", status: 500 });
    expect(RETRY_DELAYS_MS[0]).toBeLessThanOrEqual(10_000);
    // Not due before the delay.
    clock.advance(RETRY_DELAYS_MS[0]! - 1);
    expect(await deliverDue(webhook.id)).toEqual([]);
    clock.advance(1);
    target.respondWith(200);
    const [second] = await deliverDue(webhook.id);
    expect(second).toMatchObject({ outcome: "succeeded", status: 200 });

    expect(target.received).toHaveLength(2);
    const [a, b] = target.received;
    expect(a!.headers["webhook-id"]).toBe(b!.headers["webhook-id"]);
    expect(a!.body).toBe(b!.body);
    new Webhook(secret).verify(b!.body, headersOf(b!));
    const [logged] = await listDeliveries(ctx, webhook.id);
    expect(logged).toMatchObject({ status: "succeeded", attempts: 2, responseStatus: 200 });
  });

  it("gives up after the 24-hour retry window, and Resend sends the same event again", async () => {
    const clock = holdClock();
    const { ctx, target, webhook } = await setUp(["token.created"]);
    target.respondWith(503);
    await createToken(ctx, { name: "Never delivered" });
    let outcome = "";
    for (let round = 0; round < 20 && outcome !== "failed"; round += 1) {
      const [result] = await deliverDue(webhook.id);
      outcome = result?.outcome ?? outcome;
      clock.advance(9 * 60 * 60 * 1000);
    }
    expect(outcome).toBe("failed");
    const [failed] = await listDeliveries(ctx, webhook.id);
    expect(failed).toMatchObject({ status: "failed", nextAttemptAt: null });

    target.respondWith(204);
    await resendDelivery(ctx, { endpointId: webhook.id, deliveryId: failed!.id });
    expect(await deliverDue(webhook.id)).toMatchObject([{ outcome: "succeeded", status: 204 }]);
    const ids = new Set(target.received.map((r) => r.headers["webhook-id"]));
    expect(ids.size).toBe(1);
  });

  it("refuses private addresses without WEBHOOK_ALLOW_PRIVATE_NETWORKS", async () => {
    const target = await receiver();
    process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = "false";
    reloadConfig();
    const { organization } = await createTestTenant({ plan: "PRO" });
    const ctx = await memberContext(organization.id, "OWNER");
    for (const url of [
      target.url,
      "http://localhost:9/x",
      "http://169.254.169.254/latest",
      "http://[::1]/x",
      "http://10.1.2.3/x",
    ]) {
      await expectAppError(
        createWebhook(ctx, { url, description: "", eventTypes: ["token.created"] }),
        "validation_error",
      );
    }
    // At connection time: a name that resolves to loopback is refused by the lookup.
    const byName = target.url.replace("127.0.0.1", "localhost");
    const refused = await postWebhook(byName, {}, "{}", { allowPrivateNetworks: false });
    expect(refused).toMatchObject({ status: null });
    expect(refused.error).toMatch(/not a public address/);
    expect(target.received).toHaveLength(0);
    // With the setting, the same receiver is reached.
    const allowed = await postWebhook(byName, {}, "{}", { allowPrivateNetworks: true });
    expect(allowed).toMatchObject({ status: 200, error: null });
  });

  it("signs with the old and the new secret for 24 hours after a rotation, then only the new", async () => {
    const clock = holdClock();
    const { ctx, target, webhook, secret: oldSecret } = await setUp(["token.created"]);
    const { secret: newSecret, webhook: rotated } = await rotateWebhookSecret(ctx, webhook.id);
    expect(rotated.previousSecretExpiresAt).not.toBeNull();
    await sendTestEvent(ctx, webhook.id);
    await deliverDue(webhook.id);
    const [during] = target.received;
    expect(headersOf(during!)["webhook-signature"].split(" ")).toHaveLength(2);
    new Webhook(oldSecret).verify(during!.body, headersOf(during!));
    new Webhook(newSecret).verify(during!.body, headersOf(during!));

    clock.advance(24 * 60 * 60 * 1000 + 1000);
    await sendTestEvent(ctx, webhook.id);
    await deliverDue(webhook.id);
    const after = target.received[1]!;
    const headers = headersOf(after);
    const signatures = headers["webhook-signature"].split(" ");
    const at = new Date(Number(headers["webhook-timestamp"]) * 1000);
    // Signed at the moved clock: compare with what each secret's signer makes of it.
    expect(signatures).toEqual([
      new Webhook(newSecret).sign(headers["webhook-id"], at, after.body),
    ]);
    expect(signatures).not.toContain(
      new Webhook(oldSecret).sign(headers["webhook-id"], at, after.body),
    );
  });

  it("disables an endpoint that has failed for 3 days", async () => {
    const clock = holdClock();
    const { ctx, target, webhook } = await setUp(["token.created"]);
    target.respondWith(500);
    await createToken(ctx, { name: "First" });
    expect(await deliverDue(webhook.id)).toMatchObject([{ outcome: "retrying", disabled: false }]);
    clock.advance(FAILING_DISABLE_AFTER_MS - 60_000);
    await createToken(ctx, { name: "Second" });
    const early = await deliverDue(webhook.id);
    expect(early.every((r) => "disabled" in r && !r.disabled)).toBe(true);
    clock.advance(60_000);
    await createToken(ctx, { name: "Third" });
    const results = await deliverDue(webhook.id);
    expect(results.some((r) => "disabled" in r && r.disabled)).toBe(true);
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: webhook.id } });
    expect(row).toMatchObject({ enabled: false, disabledReason: "failing" });
    // Nothing more is queued for a disabled endpoint; enabling it starts afresh.
    await createToken(ctx, { name: "Fourth" });
    expect(
      await db.webhookDelivery.count({ where: { endpointId: webhook.id, status: "PENDING" } }),
    ).toBe(0);
    const enabled = await updateWebhook(ctx, webhook.id, { enabled: true });
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
  });

  it("lets members read but not manage", async () => {
    const { ctx, webhook } = await setUp();
    const member = await memberContext(ctx.organizationId, "MEMBER");
    expect(await listDeliveries(member, webhook.id)).toEqual([]);
    await expectAppError(rotateWebhookSecret(member, webhook.id), "forbidden");
    await expectAppError(updateWebhook(member, webhook.id, { enabled: false }), "forbidden");
  });
});
