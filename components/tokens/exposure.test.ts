import { describe, expect, it } from "vitest";
import { webUrl } from "./exposure";

// A reported URL is anyone's text: only web addresses become links in the banner.
describe("webUrl", () => {
  it.each([
    ["https://github.com/acme/app/blob/main/.env", "https://github.com/acme/app/blob/main/.env"],
    ["http://paste.example/x", "http://paste.example/x"],
  ])("links %s", (value, href) => {
    expect(webUrl(value)).toBe(href);
  });

  it.each([
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox",
    "//evil.example/x",
    "not a url",
    "",
  ])("does not link %s", (value) => {
    expect(webUrl(value)).toBeNull();
  });
});
