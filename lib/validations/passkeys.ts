import { z } from "zod";
import { singleLineText } from "@/lib/validations/single-line-text";
import { UUID_PATTERN } from "@/lib/validations/uuid";

// What the browser sends back from a WebAuthn ceremony (@simplewebauthn/browser's
// RegistrationResponseJSON and AuthenticationResponseJSON), checked for shape and size
// before any of it is decoded: a forged call gets a clear refusal, never a parser's crash.
// Client-safe: the passkey forms import the name's rules.

export const PASSKEY_NAME_MAX_LENGTH = 64;

const uuidSchema = z.string().regex(UUID_PATTERN, { error: "Not an id" }).toLowerCase();

export const passkeyNameSchema = singleLineText(
  z
    .string({ error: "Name your passkey" })
    .trim()
    .min(1, { error: "Name your passkey" })
    .max(PASSKEY_NAME_MAX_LENGTH, {
      error: `Use at most ${PASSKEY_NAME_MAX_LENGTH} characters for the name`,
    }),
  "Name",
);

/** base64url text of at most `max` characters. */
function base64url(max: number) {
  return z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/, { error: "Not base64url" });
}

// A credential ID is at most 1023 bytes (WebAuthn); attestation objects with certificate
// chains run to a few kilobytes, so 64 KiB is generous and still bounded.
const credentialId = base64url(1400).min(1);
const clientDataJSON = base64url(8192).min(1);
const extensionResults = z.record(z.string(), z.unknown()).default({});
const attachment = z.enum(["platform", "cross-platform"]).optional();

const KNOWN_TRANSPORTS = [
  "ble",
  "cable",
  "hybrid",
  "internal",
  "nfc",
  "smart-card",
  "usb",
] as const;
export type PasskeyTransport = (typeof KNOWN_TRANSPORTS)[number];

// Transports a future browser names are dropped rather than refused: they are only hints.
const transports = z
  .array(z.string().max(32))
  .max(16)
  .optional()
  .transform((list) =>
    (list ?? []).filter((item): item is PasskeyTransport =>
      (KNOWN_TRANSPORTS as readonly string[]).includes(item),
    ),
  );

export const registrationResponseSchema = z.object({
  id: credentialId,
  rawId: credentialId,
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON,
    attestationObject: base64url(65_536).min(1),
    transports,
  }),
  clientExtensionResults: extensionResults,
  authenticatorAttachment: attachment,
});

export const authenticationResponseSchema = z.object({
  id: credentialId,
  rawId: credentialId,
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON,
    authenticatorData: base64url(8192).min(1),
    signature: base64url(2048).min(1),
    userHandle: base64url(256).optional(),
  }),
  clientExtensionResults: extensionResults,
  authenticatorAttachment: attachment,
});

export type RegistrationResponseInput = z.output<typeof registrationResponseSchema>;
export type AuthenticationResponseInput = z.output<typeof authenticationResponseSchema>;

export const addPasskeySchema = z.object({
  challengeId: uuidSchema,
  name: passkeyNameSchema,
  response: registrationResponseSchema,
});

export const removePasskeySchema = z.object({ passkeyId: uuidSchema });

/**
 * An assertion as next-auth's credentials provider receives it: form fields, so the
 * response travels as JSON text (bounded before it is parsed).
 */
export const passkeySignInCredentialsSchema = z.object({
  challengeId: uuidSchema,
  response: z
    .string()
    .max(32_768)
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: "custom", message: "Not JSON" });
        return z.NEVER;
      }
    })
    .pipe(authenticationResponseSchema),
});
