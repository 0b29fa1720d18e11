import { PrismaPg } from "@prisma/adapter-pg";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { db } from "@/lib/db";
import { isDatabaseUnavailableError } from "@/lib/db-errors";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { apiRequest, createApiTenant, testOperationHandler } from "@/test/api/helpers";
import { captureLogs } from "@/test/capture-logs";

// Real failures, not hand-made lookalikes: a client pointed at a port nobody listens on.
async function unreachableDatabaseError(): Promise<unknown> {
  const client = new PrismaClient({
    adapter: new PrismaPg({
      connectionString: "postgresql://postgres@127.0.0.1:1/none",
      connectionTimeoutMillis: 1_000,
    }),
  });
  try {
    await client.$queryRaw`SELECT 1`;
    throw new Error("expected the query to fail");
  } catch (error) {
    return error;
  } finally {
    await client.$disconnect().catch(() => undefined);
  }
}

describe("isDatabaseUnavailableError", () => {
  it("recognizes a refused connection", async () => {
    expect(isDatabaseUnavailableError(await unreachableDatabaseError())).toBe(true);
  });

  it("does not mistake query errors or bugs for an outage", async () => {
    const duplicate = await db.$queryRaw`SELECT 1/0`.catch((error: unknown) => error);
    expect(isDatabaseUnavailableError(duplicate)).toBe(false);
    expect(isDatabaseUnavailableError(new TypeError("x is undefined"))).toBe(false);
    expect(isDatabaseUnavailableError(null)).toBe(false);
  });
});

describe("database outage in a handler", () => {
  it("answers 503 service_unavailable with Retry-After", async () => {
    const outage = await unreachableDatabaseError();
    const { token } = await createApiTenant("PRO");
    const logs = captureLogs();
    onTestFinished(() => logs.restore());
    const handler = testOperationHandler(async () => {
      throw outage;
    });
    const response = await handler(apiRequest("/api/v1/domains", { token }));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toEqual({
      error: {
        code: "service_unavailable",
        message: "The service is temporarily unavailable. Please retry shortly.",
      },
    });
    vi.restoreAllMocks();
  });
});
