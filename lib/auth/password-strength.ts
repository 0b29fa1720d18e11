// A deliberately small check that runs in the browser too (the sign-up form validates
// with the same schema): the length rule does most of the work; this catches the
// long-but-guessable passwords that every cracking list tries first.

// Frequent passwords of 12+ characters in public breach corpora, compared after
// lower-casing and removing everything but letters and digits.
const COMMON_PASSWORDS = new Set([
  "password1234",
  "password12345",
  "password123456",
  "passwordpassword",
  "password1password",
  "123456789012",
  "1234567890123",
  "12345678901234",
  "123456123456",
  "123123123123",
  "111111111111",
  "000000000000",
  "qwertyuiopas",
  "qwertyuiopasdf",
  "qwertyuiopasdfghjkl",
  "qwerty123456",
  "qwertyqwerty",
  "1qaz2wsx3edc",
  "1q2w3e4r5t6y",
  "asdfghjklqwe",
  "zxcvbnmasdfg",
  "iloveyou1234",
  "iloveyouiloveyou",
  "abcdefghijkl",
  "abcdefghijklmnop",
  "abc123abc123",
  "letmein12345",
  "welcome12345",
  "welcome123456",
  "changeme1234",
  "administrator",
  "administrator1",
  "adminadminadmin",
  "sunshine1234",
  "football1234",
  "baseball1234",
  "princess1234",
  "trustno1trustno1",
  "monkey123456",
  "dragon123456",
  "superman1234",
  "starwars1234",
  "mailshield123",
  "mailshield1234",
  "mailshielddemo",
]);

export interface PasswordContext {
  email?: string | null;
  name?: string | null;
  organizationName?: string | null;
}

export const COMMON_PASSWORD_MESSAGE =
  "This password is too common and easy to guess. Choose a less predictable one, such as a few unrelated words.";
export const PERSONAL_PASSWORD_MESSAGE =
  "Don't build your password from your email address, name or organization name.";

function normalize(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]/g, "");
}

// One character repeated, or a run of consecutive letters or digits ("abcdef…", "3456…").
function isTrivialPattern(normalized: string): boolean {
  if (normalized.length === 0) return true;
  if (new Set(normalized).size <= 2) return true;
  let ascending = true;
  for (let i = 1; i < normalized.length; i += 1) {
    if (normalized.charCodeAt(i) - normalized.charCodeAt(i - 1) !== 1) ascending = false;
  }
  return ascending;
}

function personalWords(context: PasswordContext): string[] {
  const words = [
    context.email?.split("@")[0],
    context.email,
    context.name,
    context.organizationName,
    ...(context.name ?? "").split(/\s+/),
  ];
  return words.map((word) => normalize(word ?? "")).filter((word) => word.length >= 4);
}

/**
 * Why a new password is too weak, or null when it is acceptable. Length limits are the
 * schema's job; this only judges guessability.
 */
export function weakPasswordReason(password: string, context: PasswordContext = {}): string | null {
  const normalized = normalize(password);
  if (COMMON_PASSWORDS.has(normalized) || isTrivialPattern(normalized)) {
    return COMMON_PASSWORD_MESSAGE;
  }
  // What is left once the personal words are removed must still be long on its own.
  let rest = normalized;
  for (const word of personalWords(context)) rest = rest.split(word).join("");
  if (rest.length < normalized.length && rest.length < 8) return PERSONAL_PASSWORD_MESSAGE;
  return null;
}
