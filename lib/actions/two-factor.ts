"use server";

import QRCode from "qrcode";
import { formatSetupKey } from "@/lib/auth/totp";
import { setTwoFactorPolicy } from "@/lib/services/organizations/two-factor-policy";
import {
  beginTotpSetup,
  confirmTotpSetup,
  disableTwoFactor,
  regenerateRecoveryCodes,
} from "@/lib/services/users/two-factor-settings";
import {
  confirmTotpSchema,
  noInputSchema,
  twoFactorPolicySchema,
} from "@/lib/validations/two-factor";
import { defineAction } from "./define-action";

// The person's own two-factor settings (Settings → Security) and the organization's
// policy (Members). The four personal actions change how the account is protected: they
// are the ones sudo mode must guard (a fresh confirmation, lib/actions/define-action.ts).

/** A new authenticator-app secret: its QR code (an SVG data URL) and setup key. */
export const beginTotpSetupAction = defineAction(
  { name: "twoFactor.beginSetup", schema: noInputSchema, beforeTwoFactorSetup: true, sudo: true },
  async ({ session }) => {
    const { secret, uri } = await beginTotpSetup(session.user.id);
    const svg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
    return {
      data: {
        setupKey: formatSetupKey(secret),
        qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
      },
    };
  },
);

/** The code from the app turns two-factor on; the recovery codes come back once. */
export const confirmTotpSetupAction = defineAction(
  {
    name: "twoFactor.confirmSetup",
    schema: confirmTotpSchema,
    beforeTwoFactorSetup: true,
    invalidMessage: "Enter the code your authenticator app shows.",
  },
  async ({ input, session, ip }) => {
    const { recoveryCodes } = await confirmTotpSetup({
      userId: session.user.id,
      code: input.code,
      ip,
    });
    return { data: { recoveryCodes }, message: "Two-factor authentication is on." };
  },
);

export const regenerateRecoveryCodesAction = defineAction(
  { name: "twoFactor.regenerateRecoveryCodes", schema: noInputSchema, sudo: true },
  async ({ session, ip }) => {
    const { recoveryCodes } = await regenerateRecoveryCodes({ userId: session.user.id, ip });
    return {
      data: { recoveryCodes },
      message: "New recovery codes. The earlier ones no longer work.",
    };
  },
);

export const disableTwoFactorAction = defineAction(
  { name: "twoFactor.disable", schema: noInputSchema, beforeTwoFactorSetup: true, sudo: true },
  async ({ session, ip }) => {
    const { passkeysRemain } = await disableTwoFactor({ userId: session.user.id, ip });
    return {
      data: null,
      message: passkeysRemain
        ? "Your authenticator app is off. Signing in still asks for a passkey."
        : "Two-factor authentication is off.",
    };
  },
);

/** Owners: require two-factor authentication of every member (audited). */
export const setTwoFactorPolicyAction = defineAction(
  {
    name: "organizations.setTwoFactorPolicy",
    schema: twoFactorPolicySchema,
    permission: "security:manage",
    sudo: true,
  },
  async ({ input, ctx }) => {
    const required = input.requireTwoFactor === "on";
    await setTwoFactorPolicy(ctx, { requireTwoFactor: required });
    return {
      data: { requireTwoFactor: required },
      message: required
        ? "Two-factor authentication is now required of every member."
        : "Two-factor authentication is no longer required.",
    };
  },
);
