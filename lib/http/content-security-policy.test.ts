import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newScriptNonce } from "./content-security-policy";

function scriptSrc(policy: string): string {
  return policy.split("; ").find((directive) => directive.startsWith("script-src ")) ?? "";
}

describe("contentSecurityPolicy", () => {
  it("lets scripts run only with the nonce, never inline", () => {
    const policy = contentSecurityPolicy({ nonce: "abc123", devServer: false });
    expect(scriptSrc(policy)).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain("unsafe-eval");
  });

  it("without a nonce (responses that are not pages) allows no inline script at all", () => {
    expect(scriptSrc(contentSecurityPolicy({ devServer: false }))).toBe("script-src 'self'");
  });

  it("adds eval and websockets for the dev server only", () => {
    const policy = contentSecurityPolicy({ nonce: "n", devServer: true });
    expect(scriptSrc(policy)).toContain("'unsafe-eval'");
    expect(policy).toContain("connect-src 'self' ws: wss:");
  });
});

describe("newScriptNonce", () => {
  it("is 128 random bits in base64, new every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, () => newScriptNonce()));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});
