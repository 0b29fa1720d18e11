import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// One Node.js version range, told the same way everywhere: package.json's `engines`, the
// README's requirements, and every installed package's own `engines` (what `npm install`
// warns about). A dependency that needs a newer Node fails here, naming it, instead of as
// an install-time warning that contradicts the README.

const ROOT = path.resolve(import.meta.dirname, "..");
const readJson = (file: string) => JSON.parse(readFileSync(path.join(ROOT, file), "utf8"));

// Packages whose `engines` exclude the supported Node, each code that MailShield never
// runs; the README names them beside the requirement.
const NEVER_RUN = [
  // prisma → @prisma/dev → @prisma/streams-local: the local server of `prisma dev` (Prisma
  // Postgres on a laptop), loaded by nothing else. MailShield has its own embedded
  // database (scripts/db/embedded-server.ts) and uses the CLI only for `generate`.
  "@prisma/streams-local",
];

type Version = [number, number, number];

function parseVersion(text: string): Version {
  const [major = 0, minor = 0, patch = 0] = text
    .replace(/^v/, "")
    .split(".")
    .map((part) => (/^\d+$/.test(part) ? Number(part) : 0));
  return [major, minor, patch];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** One comparator of an npm range ("^20.19", ">= 10.x", "~1.2", "10.*", "*"). */
function satisfiesComparator(version: Version, comparator: string): boolean {
  const match = comparator.match(/^(\^|~|>=|<=|>|<|=)?v?([\d.x*]*)$/);
  if (!match) throw new Error(`cannot read the engines range part "${comparator}"`);
  const [, operator = "", text = ""] = match;
  const parts = text.split(".").filter(Boolean);
  const given = parts.filter((part) => /^\d+$/.test(part)).length;
  if (given === 0) return true;
  const bound = parseVersion(text);
  const next = (index: number): Version =>
    index === 0 ? [bound[0] + 1, 0, 0] : index === 1 ? [bound[0], bound[1] + 1, 0] : bound;
  switch (operator) {
    case ">=":
      return compare(version, bound) >= 0;
    case ">":
      return compare(version, bound) > 0;
    case "<=":
      return compare(version, bound) <= 0;
    case "<":
      return compare(version, bound) < 0;
    case "^": {
      const firstNonZero = bound[0] > 0 ? 0 : bound[1] > 0 ? 1 : 2;
      return compare(version, bound) >= 0 && compare(version, next(firstNonZero)) < 0;
    }
    case "~":
      return compare(version, bound) >= 0 && compare(version, next(given > 1 ? 1 : 0)) < 0;
    default:
      // "10", "10.*", "=10.2": that version, as far as it is given.
      return compare(version, bound) >= 0 && compare(version, next(given - 1)) < 0;
  }
}

/** Whether `version` is in an npm range ("^20.19.0 || >=22.12.0", ">= 10", "*"). */
function satisfies(version: Version, range: string): boolean {
  return range.split("||").some((alternative) =>
    alternative
      .trim()
      .replace(/(\^|~|>=|<=|>|<|=)\s+/g, "$1")
      .split(/\s+/)
      .every((comparator) => satisfiesComparator(version, comparator)),
  );
}

const supported = readJson("package.json").engines.node as string;
const lowest = parseVersion(supported.replace(/^>=\s*/, ""));
const running = parseVersion(process.version);

describe("the supported Node.js version", () => {
  it("is one open range, stated as such in the README with the packages that want more", () => {
    expect(supported).toMatch(/^>=\d+\.\d+$/);
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const requirements = readme.slice(readme.indexOf("Requirements:")).split("\n\n")[0];
    expect(requirements).toContain(`Node.js ${supported.replace(/^>=/, "")}+`);
    for (const name of NEVER_RUN) expect(requirements).toContain(`\`${name}\``);
  });

  it("is what this test runs on", () => {
    expect(satisfies(running, supported)).toBe(true);
  });

  it("is accepted by every installed package, but for code MailShield never runs", () => {
    const lock = readJson("package-lock.json") as {
      packages: Record<string, { engines?: { node?: string } | string[] }>;
    };
    const refusing = new Set<string>();
    for (const [location, entry] of Object.entries(lock.packages)) {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (!location || !range) continue;
      if (!satisfies(lowest, range) || !satisfies(running, range)) {
        refusing.add(location.slice(location.lastIndexOf("node_modules/") + 13));
      }
    }
    expect([...refusing].sort()).toEqual([...NEVER_RUN].sort());
  });

  it("reads npm ranges as npm does", () => {
    const v = parseVersion("20.19.0");
    expect(satisfies(v, "^20.19 || ^22.12 || >=24.0")).toBe(true);
    expect(satisfies(v, "^20.12||^22||>=24")).toBe(true);
    expect(satisfies(v, ">= 10.x")).toBe(true);
    expect(satisfies(v, "10.* || >= 12.*")).toBe(true);
    expect(satisfies(v, "*")).toBe(true);
    expect(satisfies(v, ">=22.0.0")).toBe(false);
    expect(satisfies(v, "^20.19.0 || ^22.13.0 || >=23.5.0")).toBe(true);
    expect(satisfies(v, "^20.20")).toBe(false);
    expect(satisfies(v, "~20.18")).toBe(false);
    expect(satisfies(v, "^8.16.0 || ^10.6.0 || >=11.0.0")).toBe(true);
    expect(satisfies(v, "^18 || ^19")).toBe(false);
  });
});
