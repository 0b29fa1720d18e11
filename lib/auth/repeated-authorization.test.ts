import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { fromNodeOutgoingHttpHeaders } from "next/dist/server/web/utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { singleAuthorization } from "@/lib/api/bearer";
import {
  markRepeatedAuthorization,
  REPEATED_AUTHORIZATION_HEADER,
} from "@/lib/auth/repeated-authorization.mjs";

// A real Node HTTP server, as server.mjs runs it: only the raw header list shows that a
// request carried two Authorization headers (req.headers keeps the first one). The route
// handler's Request gets its headers from req.headers, as Next's adapter builds them.

let server: Server;

beforeAll(async () => {
  server = createServer((req, res) => {
    markRepeatedAuthorization(req);
    const rawMarks = req.rawHeaders.filter(
      (value, i) => i % 2 === 0 && value.toLowerCase() === REPEATED_AUTHORIZATION_HEADER,
    );
    res.end(
      JSON.stringify({
        mark: req.headers[REPEATED_AUTHORIZATION_HEADER] ?? null,
        authorization: req.headers.authorization ?? null,
        rawMarks: rawMarks.length,
        presented: singleAuthorization(fromNodeOutgoingHttpHeaders(req.headers)),
      }),
    );
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
});

afterAll(async () => {
  server.close();
  await once(server, "close");
});

/** Sends `headerLines` as written (repeated names included) and returns the JSON answer. */
async function send(headerLines: string[]) {
  const { port } = server.address() as AddressInfo;
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  socket.end(
    ["GET / HTTP/1.1", "Host: app.test", "Connection: close", ...headerLines, "", ""].join("\r\n"),
  );
  let text = "";
  for await (const chunk of socket) text += chunk.toString();
  return JSON.parse(text.slice(text.indexOf("\r\n\r\n") + 4)) as {
    mark: string | null;
    authorization: string | null;
    rawMarks: number;
    presented: string | null;
  };
}

describe("markRepeatedAuthorization", () => {
  it("marks a request with two Authorization headers, which Node alone reduces to the first", async () => {
    const answer = await send(["Authorization: Bearer first", "authorization: Bearer second"]);
    expect(answer.authorization).toBe("Bearer first");
    expect(answer.mark).toBe("2");
    expect(answer.rawMarks).toBe(1);
    // What the app reads of it: no credential at all.
    expect(answer.presented).toBeNull();
  });

  it("leaves a request with one Authorization header, or none, unmarked", async () => {
    expect(await send(["Authorization: Bearer only"])).toMatchObject({
      mark: null,
      presented: "Bearer only",
    });
    expect((await send([])).mark).toBeNull();
  });

  it("discards a mark the client sent itself, whatever its case", async () => {
    const answer = await send([
      "Authorization: Bearer only",
      `X-MailShield-Repeated-Authorization: 1`,
      `${REPEATED_AUTHORIZATION_HEADER}: 2`,
    ]);
    expect(answer).toEqual({
      mark: null,
      authorization: "Bearer only",
      rawMarks: 0,
      presented: "Bearer only",
    });
  });
});
