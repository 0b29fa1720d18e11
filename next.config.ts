import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER } from "next/constants";
import { contentSecurityPolicy } from "./lib/http/content-security-policy";

// HTML pages get their policy, with a script nonce, from proxy.ts (which overrides this
// header); every other response gets the same policy without a nonce. The dev-server
// allowances follow Next's phase, not NODE_ENV, so a build started with any NODE_ENV (a
// test runner sets "test") never ships them.
const securityHeaders = (devServer: boolean) => [
  { key: "Content-Security-Policy", value: contentSecurityPolicy({ devServer }) },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  // Browsers ignore HSTS received over plain HTTP, so sending it always is safe and means
  // it is in force whenever the app is served over HTTPS.
  { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
];

const nextConfig = (phase: string): NextConfig => ({
  poweredByHeader: false,
  // The dev server only serves its client scripts to known origins; tests and the README
  // open the app at 127.0.0.1 as well as localhost.
  allowedDevOrigins: ["127.0.0.1"],
  // Server-only packages with native or WebAssembly parts stay outside the bundle.
  serverExternalPackages: [
    "@node-rs/argon2",
    "@electric-sql/pglite",
    "pg",
    "ioredis",
    "pino",
    "pino-pretty",
  ],
  // The page was /settings/account while the navigation called it Security; old bookmarks
  // and emailed links still arrive there.
  async redirects() {
    return [{ source: "/settings/account", destination: "/settings/security", permanent: true }];
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders(phase === PHASE_DEVELOPMENT_SERVER) }];
  },
});

export default nextConfig;
