import { readdirSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The walking test of "every service authorizes": each function exported by a module under
// lib/services that reaches the database (the `db` client or the hot path's `dbPool`,
// through any chain of calls in the project) must also reach `authorize`
// (lib/services/authorize.ts: `authorize` itself, or `authorizeRead`, which judges a read on
// what the edge read and otherwise calls it). A new service that reads or changes data
// without asking fails here, unless the list below says why it needs no principal. Functions that take a
// transaction client run inside their caller's transaction and are judged at that caller.
// Static, from the TypeScript program: no database, and a path a test does not exercise
// counts as much as one it does.

const ROOT = path.resolve(import.meta.dirname, "../..");
const SERVICES = path.join(ROOT, "lib/services");

/** Exports that touch data but act for no principal of an organization, and why. */
const NEEDS_NO_PRINCIPAL: Record<string, string> = {
  // Retention: MailShield's scheduled jobs, across every organization.
  "audit/retention.ts#pruneAuditEvents": "scheduled retention job",
  "logs/retention.ts#pruneRequestLogs": "scheduled retention job",
  // The request log is written by the request pipeline after the bearer token was judged.
  "logs/writer.ts#logApiRequest": "the request pipeline's log writer",
  "logs/writer.ts#flushRequestLogs": "the request pipeline's log writer",
  // Notifications: scheduled jobs and the exposure report, for every member concerned.
  "notifications/create-notifications.ts#createExpiryReminders": "scheduled job",
  "notifications/create-notifications.ts#notifyTokenExposed": "after a system revocation",
  "notifications/email.ts#queueNotificationEmails": "scheduled job",
  "notifications/email.ts#sendNotificationEmail": "job worker",
  // Webhooks: the job worker sends the outbox that authorized changes wrote.
  "webhooks/dispatch.ts#dispatchDueWebhooks": "job worker",
  "webhooks/dispatch.ts#deliverWebhook": "job worker",
  "webhooks/auto-disable.ts#disableFailingEndpoint": "job worker, after a failed delivery",
  "webhooks/token-lifecycle-events.ts#emitTokenLifecycleWebhooks": "scheduled job",
  // A person's own account, before or outside any organization.
  "users/sign-up.ts#signUp": "creates the person and their own organization",
  "users/authenticate.ts#authenticateWithPassword": "signs a person in",
  "users/sign-in-with-limits.ts#signInWithLimits": "signs a person in",
  "users/change-password.ts#changePassword": "the person's own password",
  "users/session-version.ts#bumpSessionVersion": "the person's own sessions",
  "sessions/records.ts#startSession": "records the session of a person signing in",
  "sessions/records.ts#readLiveSession": "the session the request's own JWT names",
  "sessions/records.ts#listSessions": "the person's own sessions",
  "sessions/records.ts#signOutSession": "the person signs out of their own session",
  "sessions/records.ts#endSession": "the person's own sessions",
  "sessions/records.ts#endOtherSessions": "the person's own sessions",
  "sessions/confirm-identity.ts#confirmIdentity": "the person proves who they are",
  "sessions/new-sign-in-email.ts#emailIfNewBrowser": "emails the person who signed in",
  "users/limited-password-check.ts#checkPasswordWithinLimit": "the person's own password",
  "users/trusted-device.ts#trustedDeviceId": "the person's own devices",
  "users/trusted-device.ts#deviceCookieForUser": "the person's own devices",
  // Passkeys belong to a person, not to an organization: each query names the person whose
  // session (or verified password, or passkey) it acts for.
  "passkeys/challenges.ts#storeChallenge": "a WebAuthn ceremony's own challenge",
  "passkeys/challenges.ts#consumeChallenge": "a WebAuthn ceremony's own challenge",
  "passkeys/register-passkey.ts#startPasskeyRegistration": "the person's own passkeys",
  "passkeys/register-passkey.ts#finishPasskeyRegistration": "the person's own passkeys",
  "passkeys/manage-passkeys.ts#listPasskeys": "the person's own passkeys",
  "passkeys/manage-passkeys.ts#removePasskey": "the person's own passkeys",
  "passkeys/authenticate-passkey.ts#startPasskeySignIn": "signs a person in",
  "passkeys/authenticate-passkey.ts#verifyPasskeySignIn": "signs a person in",
  "passkeys/authenticate-passkey.ts#startPasskeySecondFactor": "the person's second factor",
  "passkeys/authenticate-passkey.ts#verifyPasskeyAssertionForUser": "the person's second factor",
  "passkeys/passkey-sign-in.ts#signInWithPasskey": "signs a person in",
  "users/email-verification.ts#sendVerificationEmail": "the person's own address",
  "users/email-verification.ts#verifyEmail": "the person's own address, by emailed code",
  "users/email-verification.ts#accountEmailDependencies": "builds the limiter, reads no data",
  // Signed out: the emailed link's secret code is the grant (hashed, single use, 1 hour).
  "users/password-reset.ts#requestPasswordReset": "the person's own password, by address",
  "users/password-reset.ts#checkPasswordResetLink": "the person's own password, by code",
  "users/password-reset.ts#resetPassword": "the person's own password, by code",
  "users/two-factor-settings.ts#getTwoFactorSettings": "the person's own second factors",
  "users/two-factor-settings.ts#beginTotpSetup": "the person's own second factors",
  "users/two-factor-settings.ts#confirmTotpSetup": "the person's own second factors",
  "users/two-factor-settings.ts#regenerateRecoveryCodes": "the person's own second factors",
  "users/two-factor-settings.ts#disableTwoFactor": "the person's own second factors",
  "users/two-factor-challenge.ts#startTwoFactorChallenge": "signs a person in",
  "users/two-factor-challenge.ts#findTwoFactorChallenge": "signs a person in",
  "sign-in/two-factor-sign-in.ts#completeTwoFactorSignIn": "signs a person in",
  "sign-in/two-factor-passkey.ts#startPasskeyForTwoFactorSignIn": "signs a person in",
  "sessions/confirm-identity.ts#confirmationMethods": "the person's own second factors",
  "sessions/confirm-identity.ts#startPasskeyConfirmation": "the person proves who they are",
  "sessions/confirmation-verifiers.ts#verifyPassword": "the person proves who they are",
  "sessions/confirmation-verifiers.ts#verifyAuthenticationCode": "the person proves who they are",
  "sessions/confirmation-verifiers.ts#verifyPasskey": "the person proves who they are",
  "users/limited-password-check.ts#checkWithinAccountLimit": "the person's own sign-in limit",
  "users/sign-in-with-limits.ts#reserveSignInAttempt": "signs a person in",
  "users/sign-in-with-limits.ts#settleSuccessfulSignIn": "signs a person in",
  // An invitation is opened and accepted by someone who is not a member yet: its secret code
  // is the grant (hashed, single-use, expiring).
  "invitations/describe-invitation.ts#describeInvitation": "the invitee, by code",
  "invitations/describe-invitation.ts#isMemberOf": "the invitee's own membership",
  "invitations/accept-invitation.ts#acceptInvitation": "the invitee, by code",
  // The request pipeline: the bearer token is the principal, judged by lib/api/bearer.ts.
  "tokens/list-tokens.ts#findTokenOrganization": "bearer lookup",
};

function serviceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return serviceFiles(full);
    const testOnly = /\.test\.ts$|(^|\/)test-[a-z-]+\.ts$/.test(entry.name);
    return entry.name.endsWith(".ts") && !testOnly ? [full] : [];
  });
}

function createProgram(rootNames: string[]): ts.Program {
  const configPath = path.join(ROOT, "tsconfig.json");
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
  return ts.createProgram(rootNames, { ...options, noEmit: true });
}

type FunctionLike = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;

function functionOf(declaration: ts.Declaration | undefined): FunctionLike | null {
  if (!declaration) return null;
  if (ts.isFunctionDeclaration(declaration) && declaration.body) return declaration;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const init = declaration.initializer;
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return null;
}

function takesTransaction(fn: FunctionLike): boolean {
  return fn.parameters.some((parameter) =>
    /TransactionClient/.test(parameter.type?.getText() ?? ""),
  );
}

function walk(program: ts.Program) {
  const checker = program.getTypeChecker();
  const inProject = (file: string) =>
    file.startsWith(ROOT) && !file.includes("/node_modules/") && !file.includes("/lib/generated/");
  const resolve = (symbol: ts.Symbol | undefined) =>
    symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;

  const cache = new Map<ts.Node, { data: boolean; authorize: boolean }>();
  /** Whether `fn` reaches the database, and `authorize`, through the functions it names. */
  function reach(fn: ts.Node): { data: boolean; authorize: boolean } {
    const known = cache.get(fn);
    if (known) return known;
    const result = { data: false, authorize: false };
    cache.set(fn, result); // cycles: what is known so far
    const visit = (node: ts.Node) => {
      if (ts.isIdentifier(node)) {
        const symbol = resolve(checker.getSymbolAtLocation(node));
        const declaration = symbol?.declarations?.[0];
        const file = declaration?.getSourceFile().fileName ?? "";
        if (declaration && inProject(file)) {
          const relative = path.relative(ROOT, file);
          if (relative === "lib/db.ts" && (symbol?.name === "db" || symbol?.name === "dbPool")) {
            result.data = true;
          } else if (relative === "lib/services/authorize.ts" && symbol?.name === "authorize") {
            result.authorize = true;
          } else {
            const callee = functionOf(declaration);
            if (callee && callee !== fn) {
              const inner = reach(callee);
              result.data ||= inner.data;
              result.authorize ||= inner.authorize;
            }
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(fn, visit);
    return result;
  }

  const verdicts: Array<{ name: string; data: boolean; authorize: boolean }> = [];
  for (const file of program.getSourceFiles()) {
    if (
      !file.fileName.startsWith(`${SERVICES}/`) ||
      !serviceFiles(SERVICES).includes(file.fileName)
    ) {
      continue;
    }
    const moduleSymbol = checker.getSymbolAtLocation(file);
    if (!moduleSymbol) continue;
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const declaration = exported.declarations?.[0];
      // Re-exports (index.ts) are judged where they are declared.
      if (!declaration || declaration.getSourceFile() !== file) continue;
      const fn = functionOf(declaration);
      if (!fn || takesTransaction(fn)) continue;
      const name = `${path.relative(SERVICES, file.fileName)}#${exported.name}`;
      verdicts.push({ name, ...reach(fn) });
    }
  }
  return verdicts;
}

describe("every service authorizes", () => {
  const files = serviceFiles(SERVICES);
  const verdicts = walk(createProgram(files));

  it("finds the services it walks", () => {
    // A walk that found nothing would pass everything.
    expect(verdicts.filter((verdict) => verdict.data).length).toBeGreaterThan(30);
    expect(verdicts.map((verdict) => verdict.name)).toContain(
      "organizations/change-plan.ts#changePlan",
    );
  });

  it("every export that reaches the database reaches authorize, or says why it needs no principal", () => {
    const unauthorized = verdicts
      .filter((verdict) => verdict.data && !verdict.authorize)
      .map((verdict) => verdict.name)
      .filter((name) => !(name in NEEDS_NO_PRINCIPAL));
    expect(unauthorized).toEqual([]);
  });

  it("lists as exceptions only exports that exist, touch data and do not authorize", () => {
    const byName = new Map(verdicts.map((verdict) => [verdict.name, verdict]));
    const stale = Object.keys(NEEDS_NO_PRINCIPAL).filter(
      (name) => byName.get(name)?.data !== true || byName.get(name)?.authorize !== false,
    );
    expect(stale).toEqual([]);
  });
});
