import { randomUUID } from "node:crypto";
import { generateApiToken } from "../../lib/auth/token";
import { withDb } from "../helpers";

// Fresh organizations straight in the database, so a spec can reach any state (many tokens,
// expired ones, logged requests) in milliseconds and repeat against the same database. The
// owner signs in with the demo password: their hash is copied from a seeded demo user.

export type Plan = "FREE" | "STARTER" | "PRO" | "BUSINESS" | "ENTERPRISE";

export interface Account {
  email: string;
  organizationId: string;
  userId: string;
  /** Switches the organization's plan (what Billing's simulated checkout does). */
  setPlan(plan: Plan): Promise<void>;
}

export async function createAccount(plan: Plan, label: string): Promise<Account> {
  const suffix = randomUUID().slice(0, 8);
  const email = `e2e-${label}-${suffix}@example.test`;
  const organizationId = randomUUID();
  const userId = randomUUID();
  await withDb(async (client) => {
    await client.query(
      `INSERT INTO users (id, email, name, password_hash, email_verified_at, updated_at)
       SELECT $1, $2, 'Ada Lovelace', password_hash, now(), now() FROM users
       WHERE email = 'pro@mailshield.test'`,
      [userId, email],
    );
    await client.query(
      `INSERT INTO organizations (id, name, plan, updated_at) VALUES ($1, $2, $3, now())`,
      [organizationId, `Analytical Engines ${suffix}`, plan],
    );
    await client.query(
      `INSERT INTO memberships (id, organization_id, user_id, role) VALUES ($1, $2, $3, 'OWNER')`,
      [randomUUID(), organizationId, userId],
    );
  });
  const setPlan = async (plan: Plan) => {
    await withDb((client) =>
      client.query(`UPDATE organizations SET plan = $2 WHERE id = $1`, [organizationId, plan]),
    );
  };
  return { email, organizationId, userId, setPlan };
}

export interface SeededToken {
  id: string;
  name: string;
  /** The plaintext, for API calls made with the token. */
  secret: string;
}

/** Tokens named "<prefix> 1…n", newest first, some with a description or an allowlist. */
export async function addTokens(account: Account, count: number, prefix = "Token") {
  const tokens: SeededToken[] = [];
  await withDb(async (client) => {
    for (let index = 1; index <= count; index++) {
      const { token: secret, tokenHash, lastFour } = generateApiToken();
      const token = { id: randomUUID(), name: `${prefix} ${index}`, secret };
      await client.query(
        `INSERT INTO api_tokens (id, organization_id, name, description, token_hash, last_four,
           ip_allowlist, created_by_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() - make_interval(mins => $9), now())`,
        [
          token.id,
          account.organizationId,
          token.name,
          index % 3 === 0 ? "Nightly export of DMARC reports to the data warehouse" : null,
          tokenHash,
          lastFour,
          index % 2 === 0 ? ["203.0.113.0/24"] : [],
          account.userId,
          index,
        ],
      );
      tokens.push(token);
    }
  });
  return tokens;
}

/** Someone else in the account's organization, with the demo password. */
export interface Person {
  email: string;
  userId: string;
}

/**
 * Adds a person with `role` (MEMBER unless told) to the account's organization. Their email
 * derives from the account's with `label` (default "member"); their name is `name`.
 */
export async function addPerson(
  account: Account,
  options: { role?: "OWNER" | "ADMIN" | "MEMBER"; label?: string; name?: string } = {},
): Promise<Person> {
  const email = account.email.replace("@", `-${options.label ?? "member"}@`);
  const userId = randomUUID();
  await withDb(async (client) => {
    await client.query(
      `INSERT INTO users (id, email, name, password_hash, email_verified_at, updated_at)
       SELECT $1, $2, $4, password_hash, now(), now() FROM users WHERE id = $3`,
      [userId, email, account.userId, options.name ?? "Grace Hopper"],
    );
    await client.query(
      `INSERT INTO memberships (id, organization_id, user_id, role) VALUES ($1, $2, $3, $4)`,
      [randomUUID(), account.organizationId, userId, options.role ?? "MEMBER"],
    );
  });
  return { email, userId };
}

/** A member (neither owner nor admin) of the account's organization; returns their email. */
export async function addMember(account: Account): Promise<string> {
  return (await addPerson(account)).email;
}

/** One logged request per status class (200, 304, 403, 500), made with `token`. */
export async function addRequestLogs(account: Account, token: SeededToken) {
  await withDb((client) =>
    client.query(
      `INSERT INTO api_request_logs (created_at, organization_id, token_id, token_name, method,
         path, status, client_ip, user_agent, duration_ms, response_summary, error_code,
         request_id, refusal_reason)
       SELECT now() - make_interval(secs => s.i), $1, $2, $3, s.method, s.path, s.status,
              '198.51.100.7', 'curl/8.5.0', 12, s.summary, s.code, gen_random_uuid()::text, s.reason
       FROM (VALUES (1, 'GET', '/api/v1/domains', 200, '2 domains', NULL, NULL),
                    (2, 'GET', '/api/v1/domains?limit=1', 304, NULL, NULL, NULL),
                    (3, 'DELETE', '/api/v1/domains/7d3c', 403, 'forbidden', 'forbidden', 'ip_not_allowed'),
                    (4, 'POST', '/api/v1/domains', 500, 'internal_error', 'internal_error', NULL))
            AS s(i, method, path, status, summary, code, reason)`,
      [account.organizationId, token.id, token.name],
    ),
  );
}

export async function expireToken(token: SeededToken) {
  await withDb((client) =>
    client.query(`UPDATE api_tokens SET expires_at = now() - interval '2 days' WHERE id = $1`, [
      token.id,
    ]),
  );
}

export async function revokeToken(account: Account, token: SeededToken) {
  await withDb((client) =>
    client.query(`UPDATE api_tokens SET revoked_at = now(), revoked_by_id = $2 WHERE id = $1`, [
      token.id,
      account.userId,
    ]),
  );
}

export { signIn } from "../helpers";
