import Bowser from "bowser";

// What a person recognises a session by: the browser and operating system its user agent
// names, read with a maintained parser (bowser) rather than our own patterns. Client-safe.

export interface DeviceDescription {
  /** "Chrome 131", or "Unknown browser". */
  browser: string;
  /** "macOS 10.15.7", or "Unknown OS". */
  os: string;
}

/** The major version only: "131.0.0.0" says no more to a person than "131". */
function major(version: string | undefined): string {
  return version?.split(".")[0] ?? "";
}

/**
 * The user agent is whatever the client sent; bowser's generic rule can lift a name out of
 * an unknown one. Keep it short and plain, since it goes into an email and onto the page.
 */
function plain(text: string): string {
  return text
    .replace(/[^\p{L}\p{N} ._()-]/gu, "")
    .slice(0, 40)
    .trim();
}

export function describeDevice(userAgent: string | null | undefined): DeviceDescription {
  const unknown = { browser: "Unknown browser", os: "Unknown OS" };
  if (!userAgent?.trim()) return unknown;
  const { browser, os } = Bowser.parse(userAgent);
  const browserName = plain(`${browser.name ?? ""} ${major(browser.version)}`);
  const osName = plain(os.name ? `${os.name} ${os.version ?? ""}` : "");
  return { browser: browserName || unknown.browser, os: osName || unknown.os };
}

/** "Chrome 131 on macOS 10.15.7": one line, for an email. */
export function deviceLine(userAgent: string | null | undefined): string {
  const { browser, os } = describeDevice(userAgent);
  return `${browser} on ${os}`;
}
