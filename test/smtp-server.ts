import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

// A real SMTP server on a free local port for email tests: every message it accepts is kept
// whole, and `refuseNext` makes it answer the next messages with 451 (try again later).

export interface TestSmtpServer {
  url: string;
  received: { to: string[]; raw: string }[];
  refuseNext: number;
  close(): Promise<void>;
}

export interface TestSmtpServerOptions {
  /** Default: a free one. */
  port?: number;
  /** Called with each accepted message too (the end-to-end mailbox writes it to a file). */
  onMessage?: (message: { to: string[]; raw: string }) => void;
}

export async function startTestSmtpServer(
  options: TestSmtpServerOptions = {},
): Promise<TestSmtpServer> {
  const state = { received: [] as TestSmtpServer["received"], refuseNext: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (state.refuseNext > 0) {
          state.refuseNext -= 1;
          callback(Object.assign(new Error("Try again later"), { responseCode: 451 }));
          return;
        }
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        const message = { to, raw: Buffer.concat(chunks).toString("utf8") };
        state.received.push(message);
        options.onMessage?.(message);
        callback();
      });
    },
  });
  server.listen(options.port ?? 0, "127.0.0.1");
  await once(server.server, "listening");
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(state, {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** A message's text with soft line breaks and quoted-printable bytes and headers decoded. */
export function decodedMessage(raw: string): string {
  const bytes = (qp: string) =>
    Buffer.from(
      qp.replace(/=([0-9A-F]{2})/g, (_, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      ),
      "latin1",
    ).toString("utf8");
  return bytes(
    raw
      .replace(/\?=\r?\n\s+=\?UTF-8\?Q\?/g, "")
      .replace(/=\?UTF-8\?Q\?(.*?)\?=/g, (_, word: string) => word.replace(/_/g, " "))
      .replace(/=\r?\n/g, ""),
  );
}
