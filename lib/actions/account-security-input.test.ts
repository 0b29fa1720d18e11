import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createTestTenant } from "@/test/factories";
import { sessionTokenFor, signedInRequest } from "@/test/signed-in-request";

// Hostile input to every account-security action (forgot and reset password, Resend,
// two-factor setup and its codes, passkeys, sessions, Confirm it's you), as a forged call
// sends it: wrong types, missing fields, oversized and malformed values. Each must get a
// refusal a person can read, never the "something went wrong" of a failure: the actions'
// log is watched, and no call may log "action failed" (what becomes a 500 elsewhere).

vi.mock("@/lib/session/session-cookie", () => import("@/test/signed-in-request"));
vi.mock("@/lib/session/current-organization", () => import("@/test/signed-in-request"));
vi.mock("@/lib/auth/request-ip", () => ({ getRequestIp: async () => "192.0.2.49" }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
const failed = vi.hoisted(() => [] as string[]);
vi.mock("@/lib/logger", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/logger")>();
  type Log = ReturnType<typeof actual.logger>;
  const watch = (log: Log): Log =>
    new Proxy(log, {
      get(target, property, receiver) {
        if (property === "child") {
          return (...args: Parameters<typeof target.child>) =>
            watch(target.child(...args) as unknown as Log);
        }
        if (property === "error") {
          return (object: unknown, message?: string) => {
            failed.push(`${message}: ${JSON.stringify(object).slice(0, 300)}`);
          };
        }
        return Reflect.get(target, property, receiver);
      },
    });
  return { ...actual, logger: () => watch(actual.logger()) };
});

const { requestPasswordResetAction, resetPasswordAction, resendVerificationEmailAction } =
  await import("./account-email");
const {
  beginTotpSetupAction,
  confirmTotpSetupAction,
  disableTwoFactorAction,
  regenerateRecoveryCodesAction,
} = await import("./two-factor");
const { addPasskeyAction, removePasskeyAction, startPasskeyRegistrationAction } = await import(
  "./passkeys"
);
const {
  confirmIdentityAction,
  confirmationMethodsAction,
  endOtherSessionsAction,
  endSessionAction,
  startPasskeyConfirmationAction,
} = await import("./sessions");

type Action = (input: never) => Promise<{ ok: boolean; message?: string }>;

const HUGE = "x".repeat(200_000);
const LONE_SURROGATE = "\uD800";
const CODE_SHAPED = "A".repeat(43);

/** Inputs no form sends, for any action: not an object, or fields of every wrong kind. */
const ANY_FORGED: unknown[] = [
  null,
  undefined,
  "text",
  42,
  [],
  [{ a: 1 }],
  { __proto__: { admin: true } },
  { constructor: { prototype: { polluted: true } } },
];

const FORGED: Array<[string, Action, unknown[]]> = [
  [
    "Send reset link",
    requestPasswordResetAction,
    [
      {},
      { email: 42 },
      { email: HUGE },
      { email: ["a@example.test", "b@example.test"] },
      { email: `a${LONE_SURROGATE}@example.test` },
      { email: "a@example.test\u0000" },
    ],
  ],
  [
    "Set new password",
    resetPasswordAction,
    [
      {},
      { code: HUGE, password: "a long new password 123" },
      { code: ["x"], password: "x" },
      { code: CODE_SHAPED, password: "a long new password 123" },
      { code: CODE_SHAPED, password: HUGE },
      { code: "../../etc/passwd", password: "a long new password 123" },
    ],
  ],
  [
    "Resend",
    resendVerificationEmailAction,
    [{ userId: crypto.randomUUID() }, { email: "x@example.test" }],
  ],
  [
    "Turn on (authenticator app)",
    confirmTotpSetupAction,
    [
      {},
      { code: 123456 },
      { code: ["123456"] },
      { code: HUGE },
      { code: "１２３４５６" },
      { code: "12345\u0000" },
      { code: "123456" },
    ],
  ],
  ["Set up authenticator app", beginTotpSetupAction, [{ secret: "AAAA" }]],
  ["Turn off two-factor", disableTwoFactorAction, [{ userId: crypto.randomUUID() }]],
  ["Regenerate recovery codes", regenerateRecoveryCodesAction, [{ count: 1000 }]],
  ["Add a passkey (options)", startPasskeyRegistrationAction, [{ userId: crypto.randomUUID() }]],
  [
    "Add a passkey",
    addPasskeyAction,
    [
      {},
      { challengeId: crypto.randomUUID(), name: "Laptop", response: "{}" },
      { challengeId: "x", name: HUGE, response: {} },
      {
        challengeId: crypto.randomUUID(),
        name: "Laptop",
        response: {
          id: "a",
          rawId: "a",
          type: "public-key",
          response: { clientDataJSON: "e30", attestationObject: "AAAA" },
          clientExtensionResults: {},
        },
      },
    ],
  ],
  [
    "Remove passkey",
    removePasskeyAction,
    [
      {},
      { passkeyId: "not-a-uuid" },
      { passkeyId: crypto.randomUUID() },
      { passkeyId: 7 },
      { passkeyId: HUGE },
    ],
  ],
  [
    "Sign out (a session)",
    endSessionAction,
    [
      {},
      { sessionId: 5 },
      { sessionId: "not-a-uuid" },
      { sessionId: crypto.randomUUID() },
      { sessionId: HUGE },
      { sessionId: [crypto.randomUUID()] },
    ],
  ],
  ["Sign out of all other sessions", endOtherSessionsAction, [{ sessionId: HUGE }]],
  ["Confirm it's you (ways)", confirmationMethodsAction, [{ userId: crypto.randomUUID() }]],
  [
    "Confirm it's you (passkey options)",
    startPasskeyConfirmationAction,
    [{ userId: crypto.randomUUID() }],
  ],
  [
    "Confirm it's you",
    confirmIdentityAction,
    [
      { method: "authentication_code", code: "123456" },
      { method: "passkey", challengeId: crypto.randomUUID(), response: HUGE },
      { method: "password", password: HUGE },
    ],
  ],
];

beforeEach(async () => {
  failed.length = 0;
  const { user } = await createTestTenant();
  signedInRequest.token = await sessionTokenFor(user);
});
afterAll(async () => {
  await db.$disconnect();
});

describe("forged input to the account-security actions", () => {
  for (const [name, action, inputs] of FORGED) {
    it(`${name}: a readable refusal, never a failure`, async () => {
      for (const input of [...ANY_FORGED, ...inputs]) {
        const label = `${name} ← ${JSON.stringify(input)?.slice(0, 60)}`;
        const result = await action(input as never);
        if (result.ok) continue; // harmless extra fields are ignored, as forms may send them
        expect(result.message, label).toBeTruthy();
        expect(failed, label).toEqual([]);
      }
    });
  }
});
