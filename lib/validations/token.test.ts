import { beforeEach, describe, expect, it } from "vitest";
import { type HeldClock, holdClock } from "@/test/clock";
import { fieldErrorsFromZodError } from "./forms";
import {
  EXPIRATION_AFTER_TODAY_MESSAGE,
  expiresAtFromExpiresOn,
  expiresOnFromExpiresAt,
  IP_ALLOWLIST_ENTRY_MESSAGE,
  makeTokenInputSchema,
  SCOPES_REQUIRED_MESSAGE,
  type TokenInput,
  tokenInputSchema,
} from "./token";
import {
  EMPTY_TOKEN_FORM_VALUES,
  tokenFormSchema,
  tokenFormValuesFromSummary,
  validateTokenFormValues,
} from "./token-form";

const valid: TokenInput = {
  name: "GitHub Actions - Deploy",
  description: "",
  ipAllowlist: [],
  expiresOn: null,
};

function fieldErrors(input: TokenInput, schema = tokenInputSchema) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error("expected validation to fail");
  return fieldErrorsFromZodError(result.error);
}

// The last millisecond of 2026-11-22 (UTC) on the application's clock, for every test.
let held: HeldClock;
beforeEach(() => {
  held = holdClock(new Date("2026-11-22T23:59:59.999Z"));
});

describe("tokenInputSchema", () => {
  it("accepts a minimal form and normalizes empty optional fields", () => {
    expect(tokenInputSchema.parse(valid)).toEqual({
      name: "GitHub Actions - Deploy",
      description: null,
      ipAllowlist: [],
      expiresOn: null,
      scopes: ["domains:read", "domains:write"],
      domainIds: null,
    });
  });

  it("treats missing optional fields as none", () => {
    expect(tokenInputSchema.parse({ name: "CI" })).toEqual({
      name: "CI",
      description: null,
      ipAllowlist: [],
      expiresOn: null,
      scopes: ["domains:read", "domains:write"],
      domainIds: null,
    });
  });

  it("normalizes a domain selection and refuses what is no domain id", () => {
    const id = "01937A2C-6B1E-7C44-9E0B-3F5D2A8C9E11";
    const parsed = tokenInputSchema.parse({ name: "CI", domainIds: [id, id.toLowerCase()] });
    expect(parsed.domainIds).toEqual([id.toLowerCase()]);
    expect(tokenInputSchema.parse({ name: "CI", domainIds: [] }).domainIds).toEqual([]);
    expect(tokenInputSchema.parse({ name: "CI", domainIds: null }).domainIds).toBeNull();
    const refused = tokenInputSchema.safeParse({ name: "CI", domainIds: ["example.com"] });
    expect(refused.error?.issues[0]?.message).toBe('"example.com" is not a domain id');
  });

  it("trims the name and description", () => {
    const data = tokenInputSchema.parse({
      ...valid,
      name: "  Deploy bot \t",
      description: "\n  Used by the deploy pipeline\r\nin production.  ",
    });
    expect(data.name).toBe("Deploy bot");
    expect(data.description).toBe("Used by the deploy pipeline\nin production.");
  });

  it("treats a whitespace-only description, or null, as none", () => {
    expect(tokenInputSchema.parse({ ...valid, description: "   \n " }).description).toBeNull();
    expect(tokenInputSchema.parse({ ...valid, description: null }).description).toBeNull();
  });

  describe("name", () => {
    it("is required", () => {
      expect(fieldErrors({ ...valid, name: "" }).name).toEqual(["Enter a name for the token"]);
      expect(fieldErrors({ ...valid, name: "   " }).name).toEqual(["Enter a name for the token"]);
    });

    it("accepts 100 characters and rejects 101 (after trimming)", () => {
      expect(tokenInputSchema.parse({ ...valid, name: ` ${"a".repeat(100)} ` }).name).toHaveLength(
        100,
      );
      expect(fieldErrors({ ...valid, name: "a".repeat(101) }).name).toEqual([
        "Name must be at most 100 characters",
      ]);
    });

    it.each([
      ["a newline", "Deploy\nbot"],
      ["a tab", "Deploy\tbot"],
      ["a NUL", "Deploy\u0000bot"],
      ["DEL", "Deploy\u007fbot"],
      ["a C1 control", "Deploy\u0085bot"],
      ["a line separator", "Deploy\u2028bot"],
    ])("rejects %s inside", (_label, name) => {
      expect(fieldErrors({ ...valid, name }).name).toEqual([
        "Name cannot contain control characters or line breaks",
      ]);
    });

    it("accepts Unicode and punctuation", () => {
      expect(tokenInputSchema.parse({ ...valid, name: "Zürich – ETL (prod) 🚀" }).name).toBe(
        "Zürich – ETL (prod) 🚀",
      );
    });

    it("refuses a pasted token", () => {
      expect(fieldErrors({ ...valid, name: `ms_${"A".repeat(43)}` }).name).toEqual([
        "This looks like an API token. Never paste a token into a name or description.",
      ]);
    });
  });

  describe("description", () => {
    it("accepts 500 characters and rejects 501", () => {
      expect(tokenInputSchema.parse({ ...valid, description: "d".repeat(500) }).description).toBe(
        "d".repeat(500),
      );
      expect(fieldErrors({ ...valid, description: "d".repeat(501) }).description).toEqual([
        "Description must be at most 500 characters",
      ]);
    });

    it("allows line breaks but not other control characters", () => {
      expect(tokenInputSchema.parse({ ...valid, description: "a\nb\tc" }).description).toBe(
        "a\nb\tc",
      );
      expect(fieldErrors({ ...valid, description: "a\u0007b" }).description).toEqual([
        "Description cannot contain control characters",
      ]);
    });

    it("refuses a pasted token", () => {
      expect(
        fieldErrors({ ...valid, description: `old one was ms_${"b".repeat(43)} oops` }).description,
      ).toHaveLength(1);
    });
  });

  describe("ipAllowlist", () => {
    it("parses into normalized entries", () => {
      expect(
        tokenInputSchema.parse({
          ...valid,
          ipAllowlist: ["203.0.113.50", "2001:db8::/32", "203.0.113.50"],
        }).ipAllowlist,
      ).toEqual(["203.0.113.50/32", "2001:db8::/32"]);
    });

    it("reports each invalid entry on the ipAllowlist field", () => {
      expect(fieldErrors({ ...valid, ipAllowlist: ["10.0.0.300", "10.0.0.5/24"] })).toEqual({
        ipAllowlist: [
          "`10.0.0.300` is not a valid IP address or CIDR range",
          "`10.0.0.5/24` has host bits set; did you mean `10.0.0.0/24`?",
        ],
      });
    });

    // A list is taken as it is: an entry is never split into several.
    it.each(["10.0.0.1\n10.0.0.2", "10.0.0.1 10.0.0.2", "10.0.0.1,10.0.0.2", ""])(
      "refuses the entry %j as one bad entry, naming its place",
      (entry) => {
        expect(fieldErrors({ ...valid, ipAllowlist: ["192.0.2.1", entry] })).toEqual({
          "ipAllowlist.1": [IP_ALLOWLIST_ENTRY_MESSAGE],
        });
      },
    );
  });

  describe("expiresOn", () => {
    it("is null for never (an empty date too)", () => {
      expect(tokenInputSchema.parse({ ...valid, expiresOn: null }).expiresOn).toBeNull();
      expect(tokenInputSchema.parse({ ...valid, expiresOn: "" }).expiresOn).toBeNull();
    });

    it("accepts tomorrow (UTC) and later", () => {
      expect(tokenInputSchema.parse({ ...valid, expiresOn: "2026-11-23" }).expiresOn).toBe(
        "2026-11-23",
      );
      expect(tokenInputSchema.parse({ ...valid, expiresOn: "2027-06-01" }).expiresOn).toBe(
        "2027-06-01",
      );
    });

    it("rejects today and past dates", () => {
      for (const expiresOn of ["2026-11-22", "2026-11-01", "2001-01-01"]) {
        expect(fieldErrors({ ...valid, expiresOn }).expiresOn).toEqual([
          EXPIRATION_AFTER_TODAY_MESSAGE,
        ]);
      }
    });

    it("rejects tomorrow once the UTC day has turned", () => {
      held.set(new Date("2026-11-23T00:00:00.000Z"));
      expect(fieldErrors({ ...valid, expiresOn: "2026-11-23" }).expiresOn).toEqual([
        EXPIRATION_AFTER_TODAY_MESSAGE,
      ]);
    });

    it("rejects malformed and impossible dates", () => {
      for (const expiresOn of ["23/11/2026", "2027-02-29", "2026-11-31", "soon"]) {
        expect(fieldErrors({ ...valid, expiresOn }).expiresOn).toEqual([
          "Enter a valid date (YYYY-MM-DD)",
        ]);
      }
    });

    it("lets an edit keep a date that has already passed, but not pick another past date", () => {
      const schema = makeTokenInputSchema({ currentExpiresOn: "2026-11-01" });
      expect(schema.parse({ ...valid, expiresOn: "2026-11-01" }).expiresOn).toBe("2026-11-01");
      expect(fieldErrors({ ...valid, expiresOn: "2026-11-02" }, schema).expiresOn).toEqual([
        EXPIRATION_AFTER_TODAY_MESSAGE,
      ]);
    });
  });

  it("reports problems in several fields at once", () => {
    expect(
      Object.keys(
        fieldErrors({ name: "", description: "", ipAllowlist: ["x"], expiresOn: "2020-01-01" }),
      ).sort(),
    ).toEqual(["expiresOn", "ipAllowlist", "name"]);
  });
});

describe("scopes", () => {
  const scopesOf = (scopes: string[] | undefined) =>
    tokenInputSchema.safeParse({ name: "CI", ...(scopes === undefined ? {} : { scopes }) });

  it("gives a token created without a choice the documented default", () => {
    expect(scopesOf(undefined).data?.scopes).toEqual(["domains:read", "domains:write"]);
  });

  it("keeps each scope once, in one order", () => {
    expect(scopesOf(["tokens:write", "domains:read", "logs:read"]).data?.scopes).toEqual([
      "domains:read",
      "logs:read",
      "tokens:write",
    ]);
    expect(scopesOf(["logs:read", "logs:read"]).data?.scopes).toEqual(["logs:read"]);
  });

  it("refuses an empty choice and names an unknown scope with the valid ones", () => {
    expect(scopesOf([]).error?.issues[0]?.message).toBe(SCOPES_REQUIRED_MESSAGE);
    expect(scopesOf(["domains:read", "admin"]).error?.issues[0]?.message).toBe(
      '"admin" is not a permission; choose from domains:read, domains:write, logs:read, tokens:read, tokens:write, audit:read, webhooks:read, webhooks:write',
    );
  });
});

describe("tokenFormSchema", () => {
  it("reads the form's text fields as typed into the services' input, a missing one empty", () => {
    expect(tokenFormSchema.parse({ name: " CI " })).toEqual({
      name: " CI ",
      description: "",
      ipAllowlist: [],
      expiresOn: null,
      scopes: undefined,
    });
  });

  it("splits the allowlist on commas, spaces and new lines, and the scopes likewise", () => {
    expect(
      tokenFormSchema.parse({
        name: "CI",
        ipAllowlist: " 203.0.113.50,\n\n2001:db8::/32\t10.0.0.300 ",
        expiresOn: " 2027-06-01 ",
        scopes: "tokens:write  domains:read,logs:read",
      }),
    ).toEqual({
      name: "CI",
      description: "",
      ipAllowlist: ["203.0.113.50", "2001:db8::/32", "10.0.0.300"],
      expiresOn: "2027-06-01",
      scopes: ["tokens:write", "domains:read", "logs:read"],
    });
    expect(tokenFormSchema.parse({ name: "CI", scopes: "" }).scopes).toEqual([]);
  });

  it("refuses an allowlist text longer than any real one without splitting it", () => {
    const result = tokenFormSchema.safeParse({ name: "CI", ipAllowlist: "1".repeat(10_001) });
    expect(result.error && fieldErrorsFromZodError(result.error)).toEqual({
      ipAllowlist: ["The IP allowlist is too long (at most 10,000 characters)"],
    });
  });
});

describe("helpers", () => {
  it("prefills the edit form from a stored token", () => {
    expect(
      tokenFormValuesFromSummary({
        name: "CI",
        description: null,
        ipAllowlist: ["10.0.0.0/24", "2001:db8::/32"],
        expiresAt: new Date("2027-01-31T00:00:00.000Z"),
        scopes: ["domains:read", "logs:read"],
        domainIds: null,
      }),
    ).toEqual({
      name: "CI",
      description: "",
      ipAllowlist: "10.0.0.0/24\n2001:db8::/32",
      expiresOn: "2027-01-31",
      scopes: "domains:read logs:read",
      domainIds: "all",
    });
  });

  it("converts between the expiration date and the stored instant", () => {
    expect(expiresAtFromExpiresOn(null)).toBeNull();
    expect(expiresAtFromExpiresOn("2027-01-31")?.toISOString()).toBe("2027-01-31T00:00:00.000Z");
    expect(expiresOnFromExpiresAt(new Date("2027-01-31T00:00:00.000Z"))).toBe("2027-01-31");
    expect(expiresOnFromExpiresAt("2027-01-31T00:00:00.000Z")).toBe("2027-01-31");
    expect(expiresOnFromExpiresAt(null)).toBeNull();
  });

  it("files issues without a path under form and drops repeated messages", () => {
    const result = tokenInputSchema.safeParse(null);
    expect(result.success).toBe(false);
    if (!result.success)
      expect(Object.keys(fieldErrorsFromZodError(result.error))).toEqual(["form"]);
  });
});

describe("validateTokenFormValues", () => {
  it("returns no errors for a valid form", () => {
    expect(validateTokenFormValues({ ...EMPTY_TOKEN_FORM_VALUES, name: "CI" })).toEqual({});
  });

  it("returns the errors per field", () => {
    expect(
      validateTokenFormValues({ ...EMPTY_TOKEN_FORM_VALUES, name: "", ipAllowlist: "1.2.3" }),
    ).toEqual({
      name: ["Enter a name for the token"],
      ipAllowlist: ["`1.2.3` is not a valid IP address or CIDR range"],
    });
  });

  it("allows keeping a passed expiration date when editing", () => {
    const values = { ...EMPTY_TOKEN_FORM_VALUES, name: "CI", expiresOn: "2026-01-01" };
    expect(validateTokenFormValues(values).expiresOn).toEqual([EXPIRATION_AFTER_TODAY_MESSAGE]);
    expect(validateTokenFormValues(values, { currentExpiresOn: "2026-01-01" })).toEqual({});
  });
});
