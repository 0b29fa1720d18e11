import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";
import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";

// A software authenticator for service tests: it answers WebAuthn registration and
// authentication options the way a platform authenticator with a resident P-256 key does
// (attestation "none"), so the real verification in @simplewebauthn/server runs end to end.
// Every field a test may want wrong (origin, RP ID, counter, the key) can be overridden.

const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_ATTESTED_DATA = 0x40;

export interface SoftAuthenticatorOptions {
  /** Where the browser says the ceremony ran (clientDataJSON.origin). */
  origin: string;
  /** The RP ID the authenticator hashes into its data (normally the options' rp.id). */
  rpId?: string;
}

export interface SoftCredential {
  id: string;
  privateKey: KeyObject;
  userHandle: string;
  counter: number;
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
}

function sha256(data: Uint8Array | string): Buffer {
  return createHash("sha256").update(data).digest();
}

function clientData(type: string, challenge: string, origin: string): Buffer {
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
}

function cosePublicKey(publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: "jwk" });
  const key = new Map<number, number | Uint8Array>([
    [1, 2], // kty: EC2
    [3, -7], // alg: ES256
    [-1, 1], // crv: P-256
    [-2, Buffer.from(jwk.x ?? "", "base64url")],
    [-3, Buffer.from(jwk.y ?? "", "base64url")],
  ]);
  return isoCBOR.encode(key);
}

/** Answers `navigator.credentials.create()` for `options`; returns the response and the key kept. */
export function createCredential(
  options: { challenge: string; rp: { id?: string }; user: { id: string } },
  settings: SoftAuthenticatorOptions,
) {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const credentialId = randomBytes(16);
  const rpId = settings.rpId ?? options.rp.id ?? "";
  const authData = Buffer.concat([
    sha256(rpId),
    Buffer.from([FLAG_USER_PRESENT | FLAG_USER_VERIFIED | FLAG_ATTESTED_DATA]),
    u32(0),
    Buffer.alloc(16), // AAGUID: none
    Buffer.from([0, credentialId.length]),
    credentialId,
    cosePublicKey(publicKey),
  ]);
  const attestationObject = isoCBOR.encode(
    new Map<string, unknown>([
      ["fmt", "none"],
      ["attStmt", new Map()],
      ["authData", Uint8Array.from(authData)],
    ]) as never,
  );
  const id = isoBase64URL.fromBuffer(Uint8Array.from(credentialId));
  const credential: SoftCredential = { id, privateKey, userHandle: options.user.id, counter: 0 };
  const response = {
    id,
    rawId: id,
    type: "public-key" as const,
    response: {
      clientDataJSON: clientData("webauthn.create", options.challenge, settings.origin).toString(
        "base64url",
      ),
      attestationObject: isoBase64URL.fromBuffer(attestationObject),
      transports: ["internal" as const],
    },
    clientExtensionResults: {},
    authenticatorAttachment: "platform" as const,
  };
  return { response, credential };
}

/**
 * Answers `navigator.credentials.get()` for `challenge` with `credential`, moving its
 * counter on by one unless `counter` says what to report.
 */
export function assert(
  credential: SoftCredential,
  challenge: string,
  settings: SoftAuthenticatorOptions & { rpId: string; counter?: number; userHandle?: string },
) {
  const counter = settings.counter ?? credential.counter + 1;
  credential.counter = counter;
  const authenticatorData = Buffer.concat([
    sha256(settings.rpId),
    Buffer.from([FLAG_USER_PRESENT | FLAG_USER_VERIFIED]),
    u32(counter),
  ]);
  const clientDataJSON = clientData("webauthn.get", challenge, settings.origin);
  const signature = sign(
    "sha256",
    Buffer.concat([authenticatorData, sha256(clientDataJSON)]),
    credential.privateKey,
  );
  return {
    id: credential.id,
    rawId: credential.id,
    type: "public-key" as const,
    response: {
      clientDataJSON: clientDataJSON.toString("base64url"),
      authenticatorData: authenticatorData.toString("base64url"),
      signature: signature.toString("base64url"),
      userHandle: settings.userHandle ?? credential.userHandle,
    },
    clientExtensionResults: {},
    authenticatorAttachment: "platform" as const,
  };
}
