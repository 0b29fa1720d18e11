import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  assertReadyToServe,
  assertReadyToWork,
  CONFIG_VARIABLES,
  ConfigError,
  INTERNAL_VARIABLES,
  parseConfig,
  publicUrl,
  TOOLING_VARIABLES,
} from "@/lib/config";

const SECRET = "x".repeat(43);
const PUBLIC_URL = "https://app.example.test";
/** 32 bytes in base64, as `openssl rand -base64 32` prints them. */
const TWO_FACTOR_KEY = Buffer.alloc(32, 7).toString("base64");

describe("parseConfig", () => {
  it("applies the documented defaults to an empty environment", () => {
    expect(parseConfig({})).toMatchObject({
      NODE_ENV: "development",
      DATABASE_CONNECT_TIMEOUT_MS: 5_000,
      DATABASE_PREPARED_STATEMENTS: "on",
      TRUST_PROXY_HOPS: 0,
      LOG_RETENTION_DAYS: 90,
      AUDIT_RETENTION_DAYS: 365,
      JOBS_WORKER: "on",
      API_FAILED_AUTH_LIMIT_PER_MIN: 20,
      PORT: 3_000,
    });
  });

  it("treats an empty value as unset", () => {
    const config = parseConfig({ REDIS_URL: "", LOG_RETENTION_DAYS: " " });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.LOG_RETENTION_DAYS).toBe(90);
  });

  it.each([
    ["TRUST_PROXY_HOPS", "one"],
    ["TRUST_PROXY_HOPS", "-1"],
    ["LOG_RETENTION_DAYS", "0"],
    ["LOG_RETENTION_DAYS", "1.5"],
    ["LOG_RETENTION_DAYS", "ninety"],
    ["LOG_RETENTION_DAYS", "99999"],
    ["AUDIT_RETENTION_DAYS", "0"],
    ["JOBS_WORKER", "maybe"],
    ["DATABASE_POOL_MAX", "lots"],
    ["DATABASE_PREPARED_STATEMENTS", "yes"],
    ["DATABASE_URL", "mysql://localhost/db"],
    ["REDIS_URL", "localhost:6379"],
    ["API_FAILED_AUTH_LIMIT_PER_MIN", "0"],
    ["LOG_LEVEL", "loud"],
    ["PORT", "70000"],
    ["NEXTAUTH_URL", "app.example.com"],
    ["NEXTAUTH_URL", "javascript://app.example.com"],
    ["INVITATION_ORG_LIMIT", "0"],
    ["INVITATION_EMAILS_PER_RECIPIENT", "three"],
  ])("stops on %s=%j with a message naming the variable", (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(
      new RegExp(`^Invalid configuration:\\n  ${name}:`),
    );
  });

  it("names every wrong variable at once", () => {
    expect(() => parseConfig({ PORT: "x", TRUST_PROXY_HOPS: "y" })).toThrow(
      /PORT:[\s\S]*TRUST_PROXY_HOPS:|TRUST_PROXY_HOPS:[\s\S]*PORT:/,
    );
  });

  it("requires a server in production to have a secret of at least 32 characters", () => {
    const serve = (env: Record<string, string>) =>
      assertReadyToServe(
        parseConfig({
          NEXTAUTH_URL: PUBLIC_URL,
          TWO_FACTOR_ENCRYPTION_KEY: TWO_FACTOR_KEY,
          ...env,
        }),
      );
    expect(() => serve({ NODE_ENV: "production" })).toThrow(/^NEXTAUTH_SECRET:/);
    expect(() => serve({ NODE_ENV: "production", NEXTAUTH_SECRET: "short" })).toThrow(
      /^NEXTAUTH_SECRET:/,
    );
    expect(() => serve({ NODE_ENV: "production", NEXTAUTH_SECRET: SECRET })).not.toThrow();
    expect(() => serve({ NODE_ENV: "production", AUTH_SECRET: SECRET })).not.toThrow();
    // `next build` evaluates modules without runtime configuration; development and tests
    // fall back to a development-only secret.
    expect(() =>
      serve({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" }),
    ).not.toThrow();
    expect(() => serve({ NODE_ENV: "development" })).not.toThrow();
    // Tooling that shares the modules (migrations, seed) needs no secret.
    expect(() => parseConfig({ NODE_ENV: "production" })).not.toThrow();
  });
});

describe("TWO_FACTOR_ENCRYPTION_KEY, the key of authenticator-app secrets", () => {
  const production = { NODE_ENV: "production", NEXTAUTH_SECRET: SECRET, NEXTAUTH_URL: PUBLIC_URL };

  it("is required of a server in production, with a message naming it", () => {
    expect(() => assertReadyToServe(parseConfig(production))).toThrow(
      /^TWO_FACTOR_ENCRYPTION_KEY:/,
    );
    // Outside production the key is derived from the (development) auth secret.
    expect(() => assertReadyToServe(parseConfig({ NODE_ENV: "development" }))).not.toThrow();
  });

  it("accepts 32 bytes in base64, base64url or hex and refuses anything else", () => {
    const bytes = Buffer.alloc(32, 200);
    for (const key of [
      bytes.toString("base64"),
      bytes.toString("base64url"),
      bytes.toString("hex"),
    ]) {
      expect(() =>
        assertReadyToServe(parseConfig({ ...production, TWO_FACTOR_ENCRYPTION_KEY: key })),
      ).not.toThrow();
    }
    for (const key of ["short", Buffer.alloc(16).toString("base64"), "z".repeat(64)]) {
      expect(() => parseConfig({ TWO_FACTOR_ENCRYPTION_KEY: key })).toThrow(
        /TWO_FACTOR_ENCRYPTION_KEY: must be 32 random bytes/,
      );
    }
  });
});

describe("the public URL, the one base of links in emails", () => {
  it("is required of a server in production, with a message naming NEXTAUTH_URL", () => {
    const production = { NODE_ENV: "production", NEXTAUTH_SECRET: SECRET };
    expect(() => assertReadyToServe(parseConfig(production))).toThrow(ConfigError);
    expect(() => assertReadyToServe(parseConfig(production))).toThrow(/^NEXTAUTH_URL:/);
    expect(() =>
      assertReadyToServe(
        parseConfig({
          ...production,
          NEXTAUTH_URL: PUBLIC_URL,
          TWO_FACTOR_ENCRYPTION_KEY: TWO_FACTOR_KEY,
        }),
      ),
    ).not.toThrow();
    // Tooling that shares the modules (migrations, seed, `next build`) needs none.
    expect(() =>
      assertReadyToServe(
        parseConfig({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" }),
      ),
    ).not.toThrow();
  });

  it("is NEXTAUTH_URL, or http://localhost:PORT outside production", () => {
    expect(publicUrl(parseConfig({ NEXTAUTH_URL: PUBLIC_URL }))).toBe(PUBLIC_URL);
    expect(publicUrl(parseConfig({ NODE_ENV: "test", PORT: "3210" }))).toBe(
      "http://localhost:3210",
    );
    expect(() => publicUrl(parseConfig({ NODE_ENV: "production" }))).toThrow(/^NEXTAUTH_URL:/);
  });

  it("is required of the job worker on its own when it emails (SMTP_URL set)", () => {
    const smtp = { SMTP_URL: "smtp://127.0.0.1:2525" };
    expect(() => assertReadyToWork(parseConfig(smtp))).toThrow(/^NEXTAUTH_URL:/);
    expect(() =>
      assertReadyToWork(parseConfig({ ...smtp, NEXTAUTH_URL: PUBLIC_URL })),
    ).not.toThrow();
    expect(() => assertReadyToWork(parseConfig({}))).not.toThrow();
  });
});

describe("the README's configuration table", () => {
  it("lists exactly the variables an operator can set", () => {
    const readme = readFileSync(path.join(import.meta.dirname, "..", "README.md"), "utf8");
    const section = readme.split("## Configuration")[1]?.split("\n## ")[0] ?? "";
    const documented = [...section.matchAll(/^\| `([A-Z0-9_]+)`/gm)].map((match) => match[1]);
    const operatorVariables = [
      ...CONFIG_VARIABLES.filter((name) => !INTERNAL_VARIABLES.includes(name)),
      ...TOOLING_VARIABLES,
    ];
    expect([...documented].sort()).toEqual([...operatorVariables].sort());
  });
});
