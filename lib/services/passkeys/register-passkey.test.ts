import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSKEY_CHALLENGE_EXPIRED_MESSAGE } from "@/lib/auth/passkey-messages";
import { db } from "@/lib/db";
import { holdClock } from "@/test/clock";
import { expectAppError } from "@/test/expect-app-error";
import { createTestOrganization, createTestTenant } from "@/test/factories";
import { decodedMessage, startTestSmtpServer, type TestSmtpServer } from "@/test/smtp-server";
import { createCredential } from "@/test/webauthn-authenticator";
import { CHALLENGE_LIFETIME_MS } from "./challenges";
import { listPasskeys, removePasskey } from "./manage-passkeys";
import {
  finishPasskeyRegistration,
  PASSKEY_NOT_VERIFIED_MESSAGE,
  startPasskeyRegistration,
} from "./register-passkey";
import { addTestPasskey, configurePublicUrl, ORIGIN, PUBLIC_URL, RP_ID } from "./test-passkeys";

let smtp: TestSmtpServer;
let restore: () => void;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  restore = configurePublicUrl(smtp.url);
});

afterAll(async () => {
  restore();
  await smtp.close();
});

function mailTo(email: string) {
  return smtp.received
    .filter((message) => message.to.includes(email))
    .map((m) => decodedMessage(m.raw));
}

describe("adding a passkey", () => {
  it("asks for a discoverable credential on the configured RP and stores the named passkey", async () => {
    const { user } = await createTestTenant();
    const { options } = await startPasskeyRegistration(user.id);
    expect(options.rp).toEqual({ id: RP_ID, name: "MailShield" });
    expect(options.authenticatorSelection).toMatchObject({
      residentKey: "required",
      requireResidentKey: true,
      userVerification: "preferred",
    });
    expect(options.user.name).toBe(user.email);

    const { passkey, credential } = await addTestPasskey(user.id, "Work laptop");
    expect(passkey).toMatchObject({ name: "Work laptop", lastUsedAt: null, synced: false });
    const stored = await db.passkey.findUniqueOrThrow({ where: { id: passkey.id } });
    expect(stored).toMatchObject({
      userId: user.id,
      credentialId: credential.id,
      counter: 0n,
      transports: ["internal"],
      deviceType: "singleDevice",
      backedUp: false,
    });
    expect(await listPasskeys(user.id)).toEqual([passkey]);
  });

  it("is audited in each of the person's organizations and emailed to them", async () => {
    const { organization, user } = await createTestTenant();
    const other = await createTestOrganization();
    await db.membership.create({ data: { organizationId: other.id, userId: user.id } });
    const { passkey } = await addTestPasskey(user.id, "YubiKey 5C");

    const events = await db.auditEvent.findMany({
      where: { actorId: user.id, action: "user.passkey_added" },
      select: { organizationId: true, metadata: true, ip: true },
    });
    expect(events.map((event) => event.organizationId).sort()).toEqual(
      [organization.id, other.id].sort(),
    );
    expect(events[0]).toMatchObject({
      metadata: { passkeyId: passkey.id, name: "YubiKey 5C" },
      ip: "203.0.113.7",
    });
    const [message] = mailTo(user.email);
    expect(message).toContain("A passkey was added to your MailShield account");
    expect(message).toContain("“YubiKey 5C”");
    expect(message).toContain(`${PUBLIC_URL}/settings/security`);
    // The first passkey of a person without an authenticator app turns two-factor on.
    expect(message).toContain("Two-factor authentication is now on");
    await addTestPasskey(user.id, "Phone");
    expect(mailTo(user.email)[1]).not.toContain("Two-factor authentication is now on");
  });

  it("accepts each challenge once", async () => {
    const { user } = await createTestTenant();
    const { challengeId, options } = await startPasskeyRegistration(user.id);
    const { response } = createCredential(options, { origin: ORIGIN });
    const request = { userId: user.id, challengeId, name: "Phone", response, ip: null };
    await finishPasskeyRegistration(request);
    await expectAppError(
      finishPasskeyRegistration(request),
      "bad_request",
      PASSKEY_CHALLENGE_EXPIRED_MESSAGE,
    );
    expect(await listPasskeys(user.id)).toHaveLength(1);
  });

  it("refuses a challenge past its five minutes, by the application's clock", async () => {
    const { user } = await createTestTenant();
    const clock = holdClock();
    const late = await startPasskeyRegistration(user.id);
    const inTime = await startPasskeyRegistration(user.id);
    clock.advance(CHALLENGE_LIFETIME_MS - 1);
    await finishPasskeyRegistration({
      userId: user.id,
      challengeId: inTime.challengeId,
      name: "In time",
      response: createCredential(inTime.options, { origin: ORIGIN }).response,
      ip: null,
    });
    clock.advance(1);
    const lateResponse = createCredential(late.options, { origin: ORIGIN }).response;
    await expectAppError(
      finishPasskeyRegistration({
        userId: user.id,
        challengeId: late.challengeId,
        name: "Late",
        response: lateResponse,
        ip: null,
      }),
      "bad_request",
    );
    expect((await listPasskeys(user.id)).map((passkey) => passkey.name)).toEqual(["In time"]);
  });

  it("refuses a response made for another origin or another RP ID", async () => {
    const { user } = await createTestTenant();
    for (const settings of [
      { origin: "https://mailshield.example.evil" },
      { origin: ORIGIN, rpId: "mailshield.example.evil" },
      { origin: "http://app.mailshield.test" },
    ]) {
      const { challengeId, options } = await startPasskeyRegistration(user.id);
      const { response } = createCredential(options, settings);
      await expectAppError(
        finishPasskeyRegistration({
          userId: user.id,
          challengeId,
          name: "Phished",
          response,
          ip: null,
        }),
        "bad_request",
        PASSKEY_NOT_VERIFIED_MESSAGE,
      );
    }
    expect(await listPasskeys(user.id)).toEqual([]);
  });

  it("refuses a challenge issued to another person", async () => {
    const alice = await createTestTenant();
    const mallory = await createTestTenant();
    const { challengeId, options } = await startPasskeyRegistration(alice.user.id);
    const { response } = createCredential(options, { origin: ORIGIN });
    await expectAppError(
      finishPasskeyRegistration({
        userId: mallory.user.id,
        challengeId,
        name: "Theirs",
        response,
        ip: null,
      }),
      "bad_request",
    );
    expect(await listPasskeys(mallory.user.id)).toEqual([]);
  });
});

describe("removing a passkey", () => {
  it("removes the person's own passkey, audited and emailed", async () => {
    const { organization, user } = await createTestTenant();
    const { passkey } = await addTestPasskey(user.id, "Old phone");
    await removePasskey({ userId: user.id, passkeyId: passkey.id, ip: "203.0.113.8" });
    expect(await listPasskeys(user.id)).toEqual([]);
    const event = await db.auditEvent.findFirstOrThrow({
      where: { organizationId: organization.id, action: "user.passkey_removed" },
    });
    expect(event).toMatchObject({
      actorId: user.id,
      metadata: { passkeyId: passkey.id, name: "Old phone" },
    });
    const removal = mailTo(user.email).find((text) => text.includes("A passkey was removed"));
    // It was the last second factor: the email says two-factor is off.
    expect(removal).toContain("two-factor authentication is off");
    await expectAppError(
      removePasskey({ userId: user.id, passkeyId: passkey.id, ip: null }),
      "not_found",
    );
  });

  it("cannot remove, or list, another person's passkey", async () => {
    const alice = await createTestTenant();
    const mallory = await createTestTenant();
    const { passkey } = await addTestPasskey(alice.user.id);
    await expectAppError(
      removePasskey({ userId: mallory.user.id, passkeyId: passkey.id, ip: null }),
      "not_found",
    );
    expect(await listPasskeys(mallory.user.id)).toEqual([]);
    expect(await listPasskeys(alice.user.id)).toHaveLength(1);
  });
});
