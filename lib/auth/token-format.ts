// The shape of a MailShield API token, declared once: `ms_` followed by the base64url
// encoding (no padding) of 32 random bytes. Everything that recognizes a token (the Bearer
// check, the form and audit guards against pasted tokens, log redaction) derives its
// pattern from here. Free of server imports: form validation runs in the browser too.

/** Every MailShield API token starts with this prefix, so leaked tokens are easy to spot. */
export const TOKEN_PREFIX = "ms_";

/** Bytes of CSPRNG output behind each token: 256 bits, far beyond any guessing attack. */
export const TOKEN_RANDOM_BYTES = 32;

/** Characters of the secret part: base64url without padding, 6 bits per character (43). */
export const TOKEN_SECRET_LENGTH = Math.ceil((TOKEN_RANDOM_BYTES * 8) / 6);

/** The base64url alphabet, as the body of a regex character class ("-" last: literal). */
export const TOKEN_ALPHABET = "A-Za-z0-9_-";

const TOKEN_SOURCE = `${TOKEN_PREFIX}[${TOKEN_ALPHABET}]{${TOKEN_SECRET_LENGTH}}`;

/** A whole value that is exactly one token (shape only, says nothing about validity). */
export const WELL_FORMED_TOKEN = new RegExp(`^${TOKEN_SOURCE}$`);

/** A token anywhere inside a longer text. */
export const TOKEN_IN_TEXT = new RegExp(TOKEN_SOURCE);
