import "server-only";
import { isoBase64URL } from "@simplewebauthn/server/helpers";

// The user handle a passkey stores (WebAuthn's user.id): the person's id as its 16 bytes,
// nothing personal (the spec forbids an email there). A discoverable credential hands it
// back at sign-in, where it must agree with the person the passkey row belongs to.

export function userHandleOf(userId: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(Buffer.from(userId.replaceAll("-", ""), "hex"));
}

/** True when `userHandle` (base64url, as the browser sends it) is that of `userId`. */
export function isUserHandleOf(userHandle: string, userId: string): boolean {
  return userHandle === isoBase64URL.fromBuffer(userHandleOf(userId));
}
