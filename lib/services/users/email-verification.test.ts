import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reloadConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { AccountEmailLimiter } from "@/lib/rate-limit/account-email-limits";
import { SignUpLimiter } from "@/lib/rate-limit/sign-up-limits";
import { postgresStore } from "@/lib/rate-limit/test-stores";
import { createInvitation } from "@/lib/services/invitations/create-invitation";
import { ownerInvites } from "@/lib/services/invitations/test-invitations";
import { createToken } from "@/lib/services/tokens";
import {
  EXPIRED_VERIFICATION_MESSAGE,
  INVALID_VERIFICATION_MESSAGE,
  sendVerificationEmail,
  VERIFICATION_VALID_MS,
  verifyEmail,
} from "@/lib/services/users/email-verification";
import { signUp } from "@/lib/services/users/sign-up";
import { UNVERIFIED_MESSAGE } from "@/lib/services/verified-address";
import { invitedSignUpSchema, signUpSchema } from "@/lib/validations/auth";
import { type AccountMail, linkCode, PUBLIC_URL, startAccountMail } from "@/test/account-mail";
import { holdClock } from "@/test/clock";
import { expectAppError } from "@/test/expect-app-error";
import { createTestTenant, createTestUser, uniqueSuffix } from "@/test/factories";

let mail: AccountMail;

beforeAll(async () => {
  mail = await startAccountMail();
});

afterAll(async () => {
  await mail.close();
});

const IP = "203.0.113.41";
const signUpLimits = () => new SignUpLimiter({ store: postgresStore(), limit: 1_000_000 });

async function newAccount() {
  const input = signUpSchema.parse({
    name: "Ada Lovelace",
    organizationName: `Analytical Engines ${uniqueSuffix()}`,
    email: `ada-${uniqueSuffix()}@example.test`,
    password: "a long enough password",
  });
  const created = await signUp(input, IP, signUpLimits(), mail);
  return { ...created, email: input.email };
}

async function verificationCode(email: string): Promise<string> {
  const message = (await mail.messagesTo(email)).at(-1);
  if (!message) throw new Error(`no email to ${email}`);
  return linkCode(message.text, "/verify-email/");
}

const verifiedAt = async (userId: string) =>
  (await db.user.findUniqueOrThrow({ where: { id: userId } })).emailVerifiedAt;

describe("email verification", () => {
  it("emails a new account a link; opening it verifies the address, once", async () => {
    const { userId, organizationId, email } = await newAccount();
    expect(await verifiedAt(userId)).toBeNull();
    const [message] = await mail.messagesTo(email);
    expect(message!.subject).toBe("Verify your email address for MailShield");
    const code = await verificationCode(email);
    expect(message!.text).toContain(`${PUBLIC_URL}/verify-email/${code}`);
    const stored = await db.emailVerificationToken.findMany({ where: { userId } });
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(code);

    expect(await verifyEmail(code, IP)).toBe("verified");
    expect(await verifiedAt(userId)).toBeInstanceOf(Date);
    expect(
      await db.auditEvent.count({
        where: { organizationId, actorId: userId, action: "user.email_verified" },
      }),
    ).toBe(1);
    // A second opening (a mail scanner went first, a double click) says it is done.
    expect(await verifyEmail(code, IP)).toBe("already_verified");
  });

  it("refuses an unknown link and one older than 24 hours", async () => {
    await expectAppError(
      verifyEmail("x".repeat(43), IP),
      "not_found",
      INVALID_VERIFICATION_MESSAGE,
    );
    const clock = holdClock();
    const { userId, email } = await newAccount();
    clock.advance(VERIFICATION_VALID_MS);
    await expectAppError(
      verifyEmail(await verificationCode(email), IP),
      "conflict",
      EXPIRED_VERIFICATION_MESSAGE,
    );
    expect(await verifiedAt(userId)).toBeNull();
  });

  it("keeps an unverified account from creating API tokens and inviting members", async () => {
    const { organization } = await createTestTenant();
    const { user } = await createTestUser({ organizationId: organization.id, verified: false });
    const actor = { kind: "user" as const, userId: user.id, ip: IP };
    await expectAppError(
      createToken({ principal: actor, organizationId: organization.id }, { name: "CI" }),
      "forbidden",
      UNVERIFIED_MESSAGE,
    );
    await expectAppError(
      createInvitation(
        { principal: actor, organizationId: organization.id },
        { email: `grace-${uniqueSuffix()}@example.test`, role: "MEMBER" },
      ),
      "forbidden",
      UNVERIFIED_MESSAGE,
    );
    expect(await db.apiToken.count({ where: { organizationId: organization.id } })).toBe(0);

    await sendVerificationEmail({ userId: user.id, ip: IP }, mail);
    await verifyEmail(await verificationCode(user.email), IP);
    await expect(
      createToken({ principal: actor, organizationId: organization.id }, { name: "CI" }),
    ).resolves.toMatchObject({ summary: { name: "CI" } });
  });

  it("limits Resend per address", async () => {
    const limiter = new AccountEmailLimiter({ store: postgresStore(), ipLimit: 1_000_000 });
    const { organization } = await createTestTenant();
    const { user } = await createTestUser({ organizationId: organization.id, verified: false });
    for (let request = 0; request < limiter.addressLimit; request += 1) {
      await sendVerificationEmail({ userId: user.id, ip: IP }, { ...mail, limiter });
    }
    await expectAppError(
      sendVerificationEmail({ userId: user.id, ip: IP }, { ...mail, limiter }),
      "rate_limited",
    );
    expect(await mail.messagesTo(user.email)).toHaveLength(limiter.addressLimit);
  });

  it("sends nothing to an account that is verified already", async () => {
    const { user } = await createTestTenant();
    expect(await sendVerificationEmail({ userId: user.id, ip: IP }, mail)).toBe("already_verified");
    expect(await mail.messagesTo(user.email)).toEqual([]);
  });

  it("counts a sign-up through an invitation emailed to the address as verified, not one through a copied link", async () => {
    const emailed = await ownerInvites({ role: "MEMBER" });
    expect(emailed.emailing).toBe("send");
    const invited = (email: string, invitationCode: string) =>
      invitedSignUpSchema.parse({
        name: "Grace Hopper",
        email,
        password: "a long enough password",
        invitationCode,
      });
    const viaEmail = await signUp(invited(emailed.email, emailed.code), IP, signUpLimits(), mail);
    expect(await verifiedAt(viaEmail.userId)).toBeInstanceOf(Date);
    expect(
      (await mail.messagesTo(emailed.email)).filter((message) =>
        message.subject.startsWith("Verify"),
      ),
    ).toEqual([]);

    // Created while email was off: the link was copied and passed on by hand.
    delete process.env.SMTP_URL;
    reloadConfig();
    const copied = await ownerInvites({ role: "MEMBER" });
    process.env.SMTP_URL = mail.smtp.url;
    reloadConfig();
    expect(copied.emailing).toBe("not_configured");
    const viaCopy = await signUp(invited(copied.email, copied.code), IP, signUpLimits(), mail);
    expect(await verifiedAt(viaCopy.userId)).toBeNull();
    expect((await mail.messagesTo(copied.email)).at(-1)?.subject).toBe(
      "Verify your email address for MailShield",
    );
  });
});
