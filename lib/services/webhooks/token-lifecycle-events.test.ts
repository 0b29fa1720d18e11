import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import {
  createExpiryReminders,
  notifyTokenExposed,
} from "@/lib/services/notifications/create-notifications";
import { createApiToken } from "@/test/api/helpers";
import { holdClock } from "@/test/clock";
import { createTestTenant } from "@/test/factories";
import { encryptWebhookSecret, generateWebhookSecret } from "./secret-crypto";
import { DENIED_SPIKE_THRESHOLD, emitTokenLifecycleWebhooks } from "./token-lifecycle-events";

// The token events jobs find (expiring, expired, rotation completed, denied spike): each is
// queued once for the endpoints listening, however often the job runs. The clock is moved.

afterAll(async () => {
  await db.$disconnect();
});

const HOUR = 60 * 60 * 1000;

async function listeningTenant(eventTypes: string[]) {
  const { organization } = await createTestTenant({ plan: "PRO" });
  const endpoint = await db.webhookEndpoint.create({
    data: {
      organizationId: organization.id,
      url: "https://example.com/hooks",
      eventTypes,
      secretEncrypted: encryptWebhookSecret(generateWebhookSecret()),
    },
  });
  return { organizationId: organization.id, endpointId: endpoint.id };
}

function deliveriesOf(endpointId: string) {
  return db.webhookDelivery.findMany({
    where: { endpointId },
    orderBy: { createdAt: "asc" },
    select: { eventType: true, eventId: true, payload: true },
  });
}

describe("token lifecycle webhooks", () => {
  it("token.expiring at 7 days, then token.expired, each once", async () => {
    const clock = holdClock();
    const { organizationId, endpointId } = await listeningTenant([
      "token.expiring",
      "token.expired",
    ]);
    const { row } = await createApiToken({
      organizationId,
      expiresAt: new Date(clock.now().getTime() + 6 * 24 * HOUR),
    });
    await createExpiryReminders();
    await createExpiryReminders();
    clock.advance(6 * 24 * HOUR + 1000);
    await emitTokenLifecycleWebhooks();
    await emitTokenLifecycleWebhooks();
    const deliveries = await deliveriesOf(endpointId);
    const mine = deliveries.filter(
      (d) => (d.payload as { data: { tokenId: string } }).data.tokenId === row.id,
    );
    expect(mine.map((d) => d.eventType)).toEqual(["token.expiring", "token.expired"]);
    expect(mine[0]?.payload).toMatchObject({ data: { daysLeft: 7 } });
    expect(JSON.stringify(mine)).not.toContain(row.tokenHash);
  });

  it("token.rotation_completed when a rotated token's grace period ends", async () => {
    const clock = holdClock();
    const { organizationId, endpointId } = await listeningTenant(["token.rotation_completed"]);
    const successor = await createApiToken({ organizationId });
    const { row } = await createApiToken({ organizationId });
    await db.apiToken.update({
      where: { id: row.id },
      data: {
        rotatedAt: clock.now(),
        rotationEndsAt: new Date(clock.now().getTime() + HOUR),
        successorId: successor.row.id,
      },
    });
    await emitTokenLifecycleWebhooks();
    expect(await deliveriesOf(endpointId)).toEqual([]);
    clock.advance(HOUR);
    await emitTokenLifecycleWebhooks();
    const [completed] = await deliveriesOf(endpointId);
    expect(completed?.payload).toMatchObject({
      type: "token.rotation_completed",
      data: { tokenId: row.id, successorId: successor.row.id, endedBy: "grace_period" },
    });
  });

  it("token.denied_spike once the refusals in 5 minutes reach the threshold", async () => {
    const clock = holdClock();
    const { organizationId, endpointId } = await listeningTenant(["token.denied_spike"]);
    const { row } = await createApiToken({ organizationId });
    const refusal = (count: number) =>
      db.apiRequestLog.createMany({
        data: Array.from({ length: count }, () => ({
          organizationId,
          tokenId: row.id,
          tokenName: row.name,
          method: "GET",
          path: "/api/v1/domains",
          status: 403,
          durationMs: 1,
          clientIp: "203.0.113.7",
          refusalReason: "insufficient_scope",
          createdAt: new Date(clock.now().getTime() - 60_000),
        })),
      });
    await refusal(DENIED_SPIKE_THRESHOLD - 1);
    await emitTokenLifecycleWebhooks();
    expect(await deliveriesOf(endpointId)).toEqual([]);
    await refusal(1);
    await emitTokenLifecycleWebhooks();
    await emitTokenLifecycleWebhooks();
    const deliveries = await deliveriesOf(endpointId);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.payload).toMatchObject({
      type: "token.denied_spike",
      data: { tokenId: row.id, refusals: DENIED_SPIKE_THRESHOLD },
    });
  });

  it("token.exposed with the exposure notification, once", async () => {
    const { organizationId, endpointId } = await listeningTenant(["token.exposed"]);
    const { row } = await createApiToken({ organizationId });
    await notifyTokenExposed(row.id);
    await notifyTokenExposed(row.id);
    const deliveries = await deliveriesOf(endpointId);
    expect(deliveries.map((d) => d.payload)).toMatchObject([
      { type: "token.exposed", data: { tokenId: row.id, organizationId } },
    ]);
  });
});
