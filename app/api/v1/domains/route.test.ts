import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  base64url,
  hostileListCursor,
  hostileNumberParam,
} from "@/lib/validations/test-arbitraries";
import { apiRequest, createApiTenant, readError } from "@/test/api/helpers";
import { GET } from "./route";

// Crafted list parameters: whatever a client puts in `cursor` and `limit`, the answer is a
// page or a 422 validation_error, never a database error turned into a 500.

const UUID = "01937a2c-6b1e-7c44-9e0b-3f5d2a8c9e10";

describe("GET /api/v1/domains with crafted cursors and limits", () => {
  let token: string;

  beforeAll(async () => {
    ({ token } = await createApiTenant());
  });

  async function list(query: string) {
    return GET(apiRequest(`/api/v1/domains?${query}`, { token }));
  }

  it.each([
    ["a year past 9999", `253402300800000.${UUID}`],
    ["an instant of 16 digits", `8640000000000000.${UUID}`],
    ["a negative instant", `-62198755200000.${UUID}`],
    ["an id that is no uuid", "1767225600000.1; DROP TABLE domains"],
  ])("answers 422 for a cursor with %s", async (_label, text) => {
    const response = await list(`cursor=${base64url(text)}`);
    expect(response.status).toBe(422);
    expect((await readError(response)).code).toBe("validation_error");
  });

  it("never answers 5xx, whatever the cursor decodes to (property)", async () => {
    await fc.assert(
      fc.asyncProperty(hostileListCursor, hostileNumberParam, async (cursorValue, limitValue) => {
        const query = new URLSearchParams({ cursor: cursorValue, limit: limitValue });
        const response = await list(query.toString());
        expect([200, 422]).toContain(response.status);
      }),
      { numRuns: 150 },
    );
  });
});
