import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "@/lib/logger";

function capture(readable: boolean, level = "info") {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on("data", (chunk: Buffer) => lines.push(...chunk.toString().split("\n").filter(Boolean)));
  return { log: createLogger({ level, readable, stream }), lines };
}

describe("logger", () => {
  it("writes one JSON object per line in production, with the level by name and an ISO time", () => {
    const { log, lines } = capture(false);
    log.error({ rows: 3 }, "request-log batch failed");
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({
      level: "error",
      msg: "request-log batch failed",
      rows: 3,
      service: "mailshield",
    });
    expect(new Date(line.time).toISOString()).toBe(line.time);
  });

  it("puts the request id on every line a request's child logger writes", () => {
    const { log, lines } = capture(false);
    const forRequest = log.child({ requestId: "req-42" });
    forRequest.warn("first");
    forRequest.error({ error: new Error("boom") }, "second");
    expect(lines.map((line) => JSON.parse(line).requestId)).toEqual(["req-42", "req-42"]);
    expect(JSON.parse(lines[1]!).error).toMatchObject({ type: "Error", message: "boom" });
  });

  it("drops lines below the configured level", () => {
    const { log, lines } = capture(false, "warn");
    log.info("chatty");
    log.warn("kept");
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(["kept"]);
  });

  it("writes readable lines in development", () => {
    const { log, lines } = capture(true);
    log.child({ requestId: "req-7" }).info("server ready");
    expect(lines.join("\n")).toMatch(/INFO.*server ready/);
    expect(lines.join("\n")).toContain("req-7");
    expect(() => JSON.parse(lines[0]!)).toThrow();
  });
});
