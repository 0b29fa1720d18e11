import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { db } from "@/lib/db";
import { type DeliveryResult, deliverWebhook, dispatchDueWebhooks } from "./dispatch";

// Test support: a real HTTP receiver on a free port of this machine, and one dispatch round
// of the deliveries of one endpoint (other tests' endpoints are left alone).

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface TestReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The status the next requests are answered with. */
  respondWith(status: number): void;
  close(): Promise<void>;
}

export async function startTestReceiver(): Promise<TestReceiver> {
  const received: ReceivedWebhook[] = [];
  let status = 200;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(status, { "content-type": "text/plain" });
      response.end(status < 300 ? "ok" : "receiver failed");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    respondWith: (next) => {
      status = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Claims the due deliveries and makes one attempt of each that is `endpointId`'s. */
export async function deliverDue(endpointId: string): Promise<DeliveryResult[]> {
  const claimed: string[] = [];
  await dispatchDueWebhooks(async ({ deliveryId }) => {
    claimed.push(deliveryId);
  });
  const mine = await db.webhookDelivery.findMany({
    where: { id: { in: claimed }, endpointId },
    orderBy: { createdAt: "asc" },
    select: { id: true },
  });
  const others = claimed.filter((id) => !mine.some((row) => row.id === id));
  // Another test's deliveries go back to the queue untouched.
  await db.webhookDelivery.updateMany({
    where: { id: { in: others } },
    data: { status: "PENDING", claimedAt: null },
  });
  const results: DeliveryResult[] = [];
  for (const { id } of mine) results.push(await deliverWebhook(id));
  return results;
}
