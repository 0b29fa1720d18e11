import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { PASSKEY_SIGN_IN_CHALLENGES_PER_MINUTE } from "@/lib/rate-limit/passkey-challenge-limits";
import { uniqueIp } from "@/lib/rate-limit/test-stores";
import { configurePublicUrl, ORIGIN } from "@/lib/services/passkeys/test-passkeys";
import { actionSession as session } from "@/test/action-session";
import { holdClockAtMinuteStart } from "@/test/clock";
import { createTestTenant } from "@/test/factories";
import { sessionContextFor } from "@/test/session-context";
import { createCredential } from "@/test/webauthn-authenticator";

// The passkey actions against the real database, with a forged browser: what a person's
// session may do to passkeys, and how hostile input is answered (a refusal, never a crash).

vi.mock("@/lib/session/session", () => import("@/test/action-session"));
const requestIp = vi.hoisted(() => ({ current: "192.0.2.47" }));
vi.mock("@/lib/auth/request-ip", () => ({ getRequestIp: async () => requestIp.current }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const {
  addPasskeyAction,
  removePasskeyAction,
  startPasskeyRegistrationAction,
  startPasskeySignInAction,
} = await import("./passkeys");

let restore: () => void;
beforeAll(() => {
  restore = configurePublicUrl();
});
afterAll(async () => {
  restore();
  await db.$disconnect();
});
beforeEach(() => {
  session.current = null;
});

async function signedIn() {
  const { organization, user } = await createTestTenant({ role: "MEMBER" });
  session.current = sessionContextFor(user, organization, "MEMBER");
  return user;
}

describe("passkey actions", () => {
  it("let any member add a passkey to their own account", async () => {
    const user = await signedIn();
    const started = await startPasskeyRegistrationAction({});
    if (!started.ok) throw new Error(started.message);
    const { response } = createCredential(started.data.options, { origin: ORIGIN });
    const added = await addPasskeyAction({
      challengeId: started.data.challengeId,
      name: "  Phone  ",
      response,
    });
    expect(added).toMatchObject({ ok: true, message: "Passkey “Phone” added." });
    expect(await db.passkey.count({ where: { userId: user.id, name: "Phone" } })).toBe(1);
  });

  it("need a session", async () => {
    const started = await startPasskeyRegistrationAction({});
    expect(started).toMatchObject({
      ok: false,
      message: expect.stringMatching(/session has ended/),
    });
    const removed = await removePasskeyAction({ passkeyId: crypto.randomUUID() });
    expect(removed.ok).toBe(false);
  });

  it("answer forged and oversized input with a refusal naming the field", async () => {
    await signedIn();
    const started = await startPasskeyRegistrationAction({});
    if (!started.ok) throw new Error(started.message);
    for (const input of [
      { challengeId: started.data.challengeId, name: "Key", response: "not an object" },
      { challengeId: started.data.challengeId, name: "Key", response: { id: "a".repeat(100_000) } },
      { challengeId: "../../etc", name: "Key", response: {} },
      { challengeId: started.data.challengeId, name: "Line\nbreak", response: {} },
    ]) {
      const result = await addPasskeyAction(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(Object.keys(result.fieldErrors).length).toBeGreaterThan(0);
    }
    const garbage = createCredential(started.data.options, { origin: ORIGIN }).response;
    garbage.response.attestationObject = "AAAA";
    const refused = await addPasskeyAction({
      challengeId: started.data.challengeId,
      name: "Key",
      response: garbage,
    });
    expect(refused).toMatchObject({
      ok: false,
      message: "Your passkey could not be verified. Please try again.",
    });
  });

  it("issue passwordless sign-in challenges to anyone, 30 a minute per address", async () => {
    const clock = holdClockAtMinuteStart();
    requestIp.current = uniqueIp();
    for (let i = 0; i < PASSKEY_SIGN_IN_CHALLENGES_PER_MINUTE; i++) {
      expect((await startPasskeySignInAction({})).ok).toBe(true);
    }
    expect(await startPasskeySignInAction({})).toMatchObject({
      ok: false,
      message: "Too many passkey sign-in attempts from this network. Try again in 1 minute.",
    });
    clock.advance(60_000);
    expect((await startPasskeySignInAction({})).ok).toBe(true);
  });
});
