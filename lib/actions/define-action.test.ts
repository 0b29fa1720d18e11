import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import { actionSession as session } from "@/test/action-session";
import { sessionContextFor } from "@/test/session-context";

// The wrapper alone, with the request-bound parts replaced: the session (normally from the
// cookie), the client IP (from the headers) and the logger's destination, captured here.

const logLines = vi.hoisted(() => [] as Record<string, unknown>[]);

vi.mock("@/lib/session/session", () => import("@/test/action-session"));
vi.mock("@/lib/auth/request-ip", () => ({ getRequestIp: async () => "192.0.2.9" }));
vi.mock("@/lib/logger", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/logger")>();
  const { Writable } = await import("node:stream");
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const log = actual.createLogger({ level: "info", readable: false, stream });
  return { ...actual, logger: () => log };
});

const { defineAction } = await import("./define-action");
const { redirect } = await import("next/navigation");

function signIn(role: Role) {
  session.current = sessionContextFor(
    { id: "user-1", email: "ada@example.test", name: "Ada" },
    { id: "org-1", name: "Acme", plan: "PRO" },
    role,
  );
}

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(values)) data.set(name, value);
  return data;
}

const renameSchema = z.object({
  name: z.string().trim().min(1, { error: "Enter a name" }),
  password: z.string().min(12, { error: "At least 12 characters" }),
});

const handler = vi.fn(async ({ input }: { input: z.output<typeof renameSchema> }) => ({
  data: { renamedTo: input.name },
  message: "Renamed.",
}));

const renameAction = defineAction(
  {
    name: "test.rename",
    schema: renameSchema,
    permission: "tokens:write",
    failureMessage: "Nothing was renamed. Please try again.",
  },
  handler,
);

beforeEach(() => {
  session.current = null;
  session.reads = 0;
  logLines.length = 0;
  handler.mockClear();
});

describe("defineAction", () => {
  it("runs the handler with the validated input, the session, the member as the services' context (with what the session read) and the IP", async () => {
    signIn("ADMIN");
    const result = await renameAction(form({ name: "  Deploy ", password: "long enough pw" }));
    expect(result).toEqual({ ok: true, data: { renamedTo: "Deploy" }, message: "Renamed." });
    const current = session.current;
    expect(handler).toHaveBeenCalledWith({
      input: { name: "Deploy", password: "long enough pw" },
      session: current,
      // Built here, at the edge, with what the session read: the services judge reads on it.
      ctx: {
        principal: {
          kind: "user",
          userId: current?.user.id,
          ip: "192.0.2.9",
          seen: { organizationId: current?.organization.id, role: "ADMIN", plan: "PRO" },
        },
        organizationId: current?.organization.id,
      },
      ip: "192.0.2.9",
    });
    expect(logLines).toEqual([
      expect.objectContaining({ level: "info", action: "test.rename", outcome: "ok" }),
    ]);
  });

  it("refuses a signed-out caller before validating or running anything, keeping the input", async () => {
    const result = await renameAction(form({ name: "", password: "" }));
    expect(result).toEqual({
      ok: false,
      message: "Your session has ended. Sign in again to continue.",
      fieldErrors: {},
      values: { name: "" },
    });
    expect(handler).not.toHaveBeenCalled();
    expect(logLines).toEqual([
      expect.objectContaining({ level: "warn", action: "test.rename", outcome: "unauthorized" }),
    ]);
  });

  it("refuses a role without the permission with the permission's message", async () => {
    signIn("MEMBER");
    const result = await renameAction(form({ name: "CI", password: "long enough pw" }));
    expect(result).toMatchObject({
      ok: false,
      message: "Only owners and admins can manage tokens",
      values: { name: "CI" },
    });
    expect(handler).not.toHaveBeenCalled();
    expect(logLines[0]).toMatchObject({ level: "warn", outcome: "forbidden" });
  });

  it("returns field errors and every typed value except passwords on invalid input", async () => {
    signIn("OWNER");
    const result = await renameAction(
      form({ name: "   ", password: "short", confirmPassword: "short", note: "kept" }),
    );
    expect(result).toEqual({
      ok: false,
      message: "Please correct the highlighted fields.",
      fieldErrors: { name: ["Enter a name"], password: ["At least 12 characters"] },
      values: { name: "   ", note: "kept" },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses anything but a form or a plain object before reading the session or running anything (a forged call)", async () => {
    signIn("OWNER");
    // A schema that accepts an empty object: a malformed call must not count as one.
    const ping = vi.fn(async () => ({ data: null }));
    const pingAction = defineAction({ name: "test.ping", schema: z.object({}) }, ping);
    const forgedCalls = ["name=CI", 42, null, undefined, ["CI"], new Map([["name", "CI"]])];
    for (const forged of forgedCalls) {
      for (const action of [pingAction, renameAction]) {
        const result = await action(forged as unknown as FormData);
        expect(result).toEqual({
          ok: false,
          message: "Please correct the highlighted fields.",
          fieldErrors: {},
          values: {},
        });
      }
    }
    expect(ping).not.toHaveBeenCalled();
    expect(handler).not.toHaveBeenCalled();
    expect(session.reads).toBe(0);
    expect(logLines).toHaveLength(forgedCalls.length * 2);
    for (const line of logLines)
      expect(line).toMatchObject({ level: "info", outcome: "malformed" });
  });

  it("uses the action's own message for invalid input when it has one", async () => {
    signIn("OWNER");
    const pick = defineAction(
      {
        name: "test.pick",
        schema: z.object({ plan: z.enum(["FREE", "PRO"]) }),
        invalidMessage: "Choose one of the listed plans.",
      },
      async ({ input }) => ({ data: input.plan }),
    );
    expect(await pick({ plan: "GOLD" })).toMatchObject({
      ok: false,
      message: "Choose one of the listed plans.",
      values: { plan: "GOLD" },
    });
  });

  it("turns a thrown AppError into its message and field errors", async () => {
    signIn("OWNER");
    handler.mockRejectedValueOnce(
      new AppError("conflict", "Choose a different name", {
        fieldErrors: { name: ['A token named "CI" already exists'] },
      }),
    );
    const result = await renameAction(form({ name: "CI", password: "long enough pw" }));
    expect(result).toEqual({
      ok: false,
      message: "Choose a different name",
      fieldErrors: { name: ['A token named "CI" already exists'] },
      values: { name: "CI" },
    });
    expect(logLines[0]).toMatchObject({ level: "info", outcome: "conflict" });
  });

  it("turns an unexpected error into the generic message and logs it with an id, not the input", async () => {
    signIn("OWNER");
    handler.mockRejectedValueOnce(new Error("connection reset"));
    const result = await renameAction(form({ name: "CI", password: "secret passphrase" }));
    expect(result).toEqual({
      ok: false,
      message: "Nothing was renamed. Please try again.",
      fieldErrors: {},
      values: { name: "CI" },
    });
    expect(logLines).toHaveLength(1);
    const line = logLines[0];
    expect(line).toMatchObject({
      level: "error",
      action: "test.rename",
      msg: "action failed",
      error: { name: "Error", message: "connection reset" },
    });
    expect(line?.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(line)).not.toContain("secret passphrase");
  });

  it("runs a public action without reading a session", async () => {
    const signUp = defineAction(
      { name: "test.public", schema: z.object({ email: z.email() }), access: "anyone" },
      async ({ input, session: none }) => ({ data: { email: input.email, session: none } }),
    );
    expect(await signUp({ email: "new@example.test" })).toEqual({
      ok: true,
      data: { email: "new@example.test", session: null },
    });
    expect(session.reads).toBe(0);
  });

  it("gives an action of any signed-in person the person, member of an organization or not", async () => {
    const accept = defineAction(
      { name: "test.signedIn", schema: z.object({}), access: "signed-in" },
      async ({ session: person, ctx }) => ({ data: { userId: person.user.id, ctx } }),
    );
    expect(await accept({})).toMatchObject({
      ok: false,
      message: expect.stringMatching(/session/),
    });
    session.signedInUser = { id: "u-1", email: "a@example.test", name: null, emailVerified: true };
    try {
      expect(await accept({})).toEqual({ ok: true, data: { userId: "u-1", ctx: null } });
    } finally {
      session.signedInUser = null;
    }
  });

  it("lets a redirect through as the action's answer", async () => {
    signIn("OWNER");
    handler.mockImplementationOnce(async () => redirect("/login?registered=1"));
    await expect(renameAction(form({ name: "CI", password: "long enough pw" }))).rejects.toThrow(
      "NEXT_REDIRECT",
    );
  });
});
