import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvCell, csvRow } from "@/lib/csv";
import { createTestOrganization } from "@/test/factories";
import { memberContext } from "@/test/principals";
import { REQUEST_LOG_CSV_COLUMNS, requestLogCsvFilename, streamRequestLogsCsv } from "./csv";
import { createLogTestToken, insertLogRows } from "./test-fixtures";

/** A minimal RFC 4180 parser, so the tests check what a CSV reader would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (character === '"') {
        quoted = false;
      } else {
        cell += character;
      }
    } else if (character === '"') {
      quoted = true;
    } else if (character === ",") {
      row.push(cell);
      cell = "";
    } else if (character === "\r" && text[index + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      index += 1;
    } else {
      cell += character;
    }
  }
  return rows;
}

async function readStream(streaming: Promise<ReadableStream<Uint8Array>>): Promise<string> {
  const stream = await streaming;
  return new Response(stream).text();
}

describe("csvCell", () => {
  it("leaves plain values alone", () => {
    expect(csvCell("Production backend")).toBe("Production backend");
    expect(csvCell(403)).toBe("403");
    expect(csvCell(true)).toBe("true");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(new Date("2026-11-22T10:00:00Z"))).toBe("2026-11-22T10:00:00.000Z");
  });

  it("quotes cells with commas, quotes and line breaks, doubling inner quotes", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("line1\nline2")).toBe('"line1\nline2"');
    expect(csvCell("line1\r\nline2")).toBe('"line1\r\nline2"');
  });

  it.each(["=SUM(A1:A9)", "+1", "-1+1", "@cmd", "\tvalue", "\rvalue"])(
    "neutralizes the formula trigger in %j",
    (value) => {
      const cell = csvCell(value);
      const [parsed] = parseCsv(`${cell}\r\n`);
      expect(parsed?.[0]).toBe(`'${value}`);
    },
  );

  it("neutralizes and quotes a formula that also contains a comma", () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
  });

  it("does not touch numbers, even negative ones", () => {
    expect(csvCell(-5)).toBe("-5");
  });
});

describe("csvRow", () => {
  it("round-trips hostile values through a CSV parser", () => {
    const values = ['Billing sync, "EU"', "multi\nline", "=1+1", "", "plain"];
    const [parsed] = parseCsv(csvRow(values));
    expect(parsed).toEqual(['Billing sync, "EU"', "multi\nline", "'=1+1", "", "plain"]);
  });
});

describe("requestLogCsvFilename", () => {
  it("is a timestamped .csv name without characters that need escaping", () => {
    expect(requestLogCsvFilename(new Date("2026-11-22T13:05:09.123Z"))).toBe(
      "access-logs-20261122-130509.csv",
    );
  });
});

describe("streamRequestLogsCsv", () => {
  const now = new Date();
  const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  let organizationId: string;
  let otherOrganizationId: string;

  beforeAll(async () => {
    const organization = await createTestOrganization();
    const other = await createTestOrganization();
    organizationId = organization.id;
    otherOrganizationId = other.id;
    const token = await createLogTestToken(organizationId, { name: '=Billing, "EU"\nsync' });
    const otherToken = await createLogTestToken(otherOrganizationId, { name: "Other org" });
    // 25 rows, exported in chunks of 10: the stream must page through all of them.
    await insertLogRows(
      token,
      Array.from({ length: 25 }, (_, index) => ({
        createdAt: minutesAgo(100 - index),
        status: index % 5 === 0 ? 403 : 200,
        path: `/api/v1/domains?page=${index}`,
        userAgent: "@evil",
      })),
    );
    await insertLogRows(otherToken, [{ createdAt: minutesAgo(1), status: 403 }]);
  });

  afterAll(async () => {
    const { db } = await import("@/lib/db");
    await db.organization.deleteMany({
      where: { id: { in: [organizationId, otherOrganizationId] } },
    });
  });

  it("streams every filtered row of the organization, newest first, across chunks", async () => {
    const text = await readStream(
      streamRequestLogsCsv(
        await memberContext(organizationId),
        { limit: 50 },
        { chunkSize: 10, now },
      ),
    );
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...REQUEST_LOG_CSV_COLUMNS]);
    const data = rows.slice(1);
    expect(data).toHaveLength(25);
    expect(data.map((row) => row[5])).toEqual(
      Array.from({ length: 25 }, (_, index) => `/api/v1/domains?page=${24 - index}`),
    );
    // Token names with commas, quotes, newlines and a leading "=" survive, neutralized.
    expect(new Set(data.map((row) => row[2]))).toEqual(new Set(['\'=Billing, "EU"\nsync']));
    expect(new Set(data.map((row) => row[9]))).toEqual(new Set(["'@evil"]));
  });

  it("records the response's request id (not the internal row id) and the refusal reason", async () => {
    const token = await createLogTestToken(otherOrganizationId, { name: "Reasons" });
    const [rowId] = await insertLogRows(token, [
      {
        createdAt: minutesAgo(0.5),
        status: 403,
        requestId: "req-4f2a:client.7",
        refusalReason: "ip_not_allowed",
        errorCode: "forbidden",
        afterRotation: true,
      },
      { createdAt: minutesAgo(0.4), status: 403, requestId: null, errorCode: "forbidden" },
    ]);
    const text = await readStream(
      streamRequestLogsCsv(
        await memberContext(otherOrganizationId),
        { limit: 50, tokenId: token.id },
        { now },
      ),
    );
    const [header, old, refused] = parseCsv(text);
    const cell = (row: string[] | undefined, name: string) => row?.[header!.indexOf(name)];
    expect(cell(refused, "request_id")).toBe("req-4f2a:client.7");
    expect(cell(refused, "refusal_reason")).toBe("ip_not_allowed");
    expect(cell(refused, "refusal_reason_text")).toBe("IP address not in the token's allowlist");
    expect(refused).not.toContain(rowId);
    expect([cell(refused, "after_rotation"), cell(old, "after_rotation")]).toEqual([
      "true",
      "false",
    ]);
    // A row written before request ids and reasons were recorded leaves them empty.
    expect([cell(old, "request_id"), cell(old, "refusal_reason")]).toEqual(["", ""]);
    expect(cell(old, "error_code")).toBe("forbidden");
  });

  it("applies the filters and ignores the page cursor", async () => {
    const text = await readStream(
      streamRequestLogsCsv(
        await memberContext(organizationId),
        { limit: 50, statusCodes: [403], cursor: { createdAt: minutesAgo(200), id: 1n } },
        { chunkSize: 2, now },
      ),
    );
    const data = parseCsv(text).slice(1);
    expect(data.map((row) => row[6])).toEqual(["403", "403", "403", "403", "403"]);
  });

  it("emits only the header when nothing matches", async () => {
    const text = await readStream(
      streamRequestLogsCsv(
        await memberContext(organizationId),
        { limit: 50, method: "DELETE" },
        { now },
      ),
    );
    expect(parseCsv(text)).toEqual([[...REQUEST_LOG_CSV_COLUMNS]]);
  });
});
