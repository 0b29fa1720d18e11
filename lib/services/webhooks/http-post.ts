import "server-only";
import http from "node:http";
import https from "node:https";
import { assertPublicLiteral, publicOnlyLookup } from "./network-guard";

// One POST of a webhook: 10 s for the whole exchange, redirects not followed (a 3xx is a
// failed attempt: following one could lead to an address the check never saw), and at most
// a few kilobytes of the answer read (the receiver's body is only kept as an error hint).

export const WEBHOOK_TIMEOUT_MS = 10_000;
export const RESPONSE_BODY_LIMIT_BYTES = 4096;

export interface PostOutcome {
  /** The HTTP status, or null when no answer came (refused, timed out, unreachable). */
  status: number | null;
  durationMs: number;
  /** What went wrong: a network error, or the start of a non-2xx answer's body. */
  error: string | null;
}

export interface PostOptions {
  allowPrivateNetworks: boolean;
  timeoutMs?: number;
}

/** Agents per mode, so connections are reused; the lookup runs on each new connection. */
const guardedAgents = {
  http: new http.Agent({ keepAlive: true, lookup: publicOnlyLookup }),
  https: new https.Agent({ keepAlive: true, lookup: publicOnlyLookup }),
};
const openAgents = {
  http: new http.Agent({ keepAlive: true }),
  https: new https.Agent({ keepAlive: true }),
};

export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: PostOptions,
): Promise<PostOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (status: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      resolve({ status, durationMs: elapsed(), error });
    };
    let target: URL;
    try {
      target = new URL(url);
      if (!options.allowPrivateNetworks) assertPublicLiteral(target.hostname);
    } catch (error) {
      finish(null, errorMessage(error));
      return;
    }
    const secure = target.protocol === "https:";
    const agents = options.allowPrivateNetworks ? openAgents : guardedAgents;
    const request = (secure ? https : http).request(
      target,
      {
        method: "POST",
        agent: secure ? agents.https : agents.http,
        headers: {
          ...headers,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body).toString(),
          "user-agent": "MailShield-Webhooks/1",
        },
        timeout: options.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
      },
      (response) => {
        const status = response.statusCode ?? null;
        const chunks: Buffer[] = [];
        let read = 0;
        response.on("data", (chunk: Buffer) => {
          if (read < RESPONSE_BODY_LIMIT_BYTES) chunks.push(chunk);
          read += chunk.length;
          // Enough read: stop downloading whatever else the receiver sends.
          if (read >= RESPONSE_BODY_LIMIT_BYTES) response.destroy();
        });
        const done = () => {
          const ok = status !== null && status >= 200 && status < 300;
          const text = Buffer.concat(chunks).subarray(0, 500).toString("utf8");
          finish(status, ok ? null : `HTTP ${status}${text ? `: ${text}` : ""}`);
        };
        response.on("end", done);
        response.on("close", done);
        response.on("error", done);
      },
    );
    // The whole exchange, not only idle time, is bounded.
    const deadline = setTimeout(() => {
      request.destroy(
        new Error(`No answer within ${(options.timeoutMs ?? WEBHOOK_TIMEOUT_MS) / 1000} s`),
      );
    }, options.timeoutMs ?? WEBHOOK_TIMEOUT_MS);
    request.on("timeout", () => request.destroy(new Error("Timed out")));
    request.on("error", (error) => finish(null, errorMessage(error)));
    request.on("close", () => clearTimeout(deadline));
    request.end(body);
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
