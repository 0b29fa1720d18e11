import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Server-only packages with native or WebAssembly parts stay outside the bundle.
  serverExternalPackages: ["@node-rs/argon2", "@electric-sql/pglite", "pg"],
};

export default nextConfig;
