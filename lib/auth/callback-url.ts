export const DEFAULT_SIGNED_IN_PATH = "/settings/api-tokens";

/**
 * Where to send the user after sign-in. Only same-origin paths are accepted, so a crafted
 * link (`/login?callbackUrl=https://evil.example`) cannot turn sign-in into an open redirect.
 */
export function safeCallbackPath(value: string | string[] | null | undefined): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  if (!candidate) return DEFAULT_SIGNED_IN_PATH;
  // "//host" and "/\host" are protocol-relative URLs to another origin in browsers.
  if (!candidate.startsWith("/") || candidate.startsWith("//") || candidate.startsWith("/\\")) {
    return DEFAULT_SIGNED_IN_PATH;
  }
  // Control characters (tabs, newlines) are stripped by URL parsers and can smuggle a host.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
  if (/[\u0000-\u001f\u007f]/.test(candidate)) return DEFAULT_SIGNED_IN_PATH;
  const url = new URL(candidate, "http://mailshield.invalid");
  if (url.origin !== "http://mailshield.invalid") return DEFAULT_SIGNED_IN_PATH;
  // Sending a freshly signed-in user back to an auth page would be a dead end.
  if (url.pathname === "/login" || url.pathname === "/signup") return DEFAULT_SIGNED_IN_PATH;
  return `${url.pathname}${url.search}${url.hash}`;
}
