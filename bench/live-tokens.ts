import { createHash, randomBytes } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import pg from "pg";
import { LiveTokenSet, tokenHashPrefix } from "@/lib/api/live-token-set";
import { loadLiveTokenPrefixes } from "@/lib/sql";
import { databaseUrl, describeMachine, type MachineInfo } from "./lib/environment";
import { median, round } from "./lib/stats";

// `npm run bench -- --live-tokens [--tokens 1000000]`: what the set of live tokens
// (lib/api/live-token-set.ts) costs each instance at a million tokens: its memory, its build
// time from synthetic hashes and from a real api_tokens table, and a membership check.
// The table's rows are inserted in a transaction that is rolled back, so the database is
// left as it was and no announcement is sent (NOTIFY is delivered only on commit).

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

export interface LiveTokensResult {
  kind: "live-tokens";
  startedAt: string;
  machine: MachineInfo;
  tokens: number;
  inMemory: {
    buildMs: number;
    /** Growth of ArrayBuffer memory (the sorted prefixes) and of the JS heap, after GC. */
    arrayBufferMB: number;
    heapMB: number;
    membershipNsHit: number;
    membershipNsMiss: number;
    /** Heap of 100,000 tokens added since the build (the early-rebuild threshold). */
    addedSetMBPer100k: number;
  };
  fromTable: {
    insertSeconds: number;
    /** The build query (loadLiveTokenPrefixes: one aggregated bytea) and decoding + sort. */
    buildMs: number[];
    /** Heap and ArrayBuffer growth while reading (no GC in between): the transient cost. */
    buildHeapMB: number;
    /** For comparison: one row per token (token_hash as text), as an ORM would read it. */
    rowPerTokenMs: number[];
    rowPerTokenHeapMB: number;
  };
}

function memory(): { arrayBuffers: number; heap: number } {
  collectGarbage();
  const usage = process.memoryUsage();
  return { arrayBuffers: usage.arrayBuffers, heap: usage.heapUsed };
}

const MB = 1024 * 1024;

/** Heap and ArrayBuffer growth since `before`, without collecting garbage first. */
function growthSince(before: { arrayBuffers: number; heap: number }): number {
  const usage = process.memoryUsage();
  return (usage.heapUsed - before.heap + usage.arrayBuffers - before.arrayBuffers) / MB;
}

function randomHashes(count: number): string[] {
  return Array.from({ length: count }, () =>
    createHash("sha256").update(randomBytes(32)).digest("hex"),
  );
}

function measureInMemory(hashes: string[]): LiveTokensResult["inMemory"] {
  const before = memory();
  const startedAt = performance.now();
  const prefixes = new BigUint64Array(hashes.length);
  for (let i = 0; i < hashes.length; i += 1) prefixes[i] = tokenHashPrefix(hashes[i]!) as bigint;
  prefixes.sort();
  const set = new LiveTokenSet();
  set.beginRebuild();
  set.replace(prefixes);
  const buildMs = performance.now() - startedAt;
  const after = memory();

  const probes = 200_000;
  const hits = hashes.slice(0, probes);
  const misses = randomHashes(probes);
  const time = (list: string[]) => {
    const start = process.hrtime.bigint();
    let found = 0;
    for (const hash of list) if (set.mayBeLive(hash)) found += 1;
    return { ns: Number(process.hrtime.bigint() - start) / list.length, found };
  };
  const hit = time(hits);
  const miss = time(misses);
  if (hit.found !== probes || miss.found !== 0) throw new Error("membership is wrong");

  const beforeAdded = memory();
  const added = new LiveTokenSet();
  for (const hash of misses.slice(0, 100_000)) added.add(tokenHashPrefix(hash) as bigint);
  const afterAdded = memory();
  if (!added.mayBeLive(misses[0]!)) throw new Error("addition is wrong");

  return {
    buildMs: round(buildMs, 1),
    arrayBufferMB: round((after.arrayBuffers - before.arrayBuffers) / MB, 2),
    heapMB: round((after.heap - before.heap) / MB, 2),
    membershipNsHit: round(hit.ns, 0),
    membershipNsMiss: round(miss.ns, 0),
    addedSetMBPer100k: round((afterAdded.heap - beforeAdded.heap) / MB, 2),
  };
}

async function measureFromTable(
  client: pg.Client,
  tokens: number,
): Promise<LiveTokensResult["fromTable"]> {
  await client.query("BEGIN");
  try {
    const { rows } = await client.query<{ id: string }>(
      "INSERT INTO organizations (id, name, plan, updated_at) VALUES (gen_random_uuid(), 'Live tokens bench', 'ENTERPRISE', now()) RETURNING id",
    );
    const organizationId = rows[0]!.id;
    const insertStart = performance.now();
    // The api_tokens trigger runs for each row, as for any insert (announcements are queued
    // and dropped at the rollback).
    await client.query(
      `INSERT INTO api_tokens (id, organization_id, name, token_hash, last_four, updated_at)
       SELECT gen_random_uuid(), $1, 'bench ' || i,
              encode(sha256(convert_to('live-token-bench-' || i, 'UTF8')), 'hex'), 'abcd', now()
         FROM generate_series(1, $2::int) AS i`,
      [organizationId, tokens],
    );
    const insertSeconds = (performance.now() - insertStart) / 1000;

    const buildMs: number[] = [];
    const rowPerTokenMs: number[] = [];
    let buildHeapMB = 0;
    let rowPerTokenHeapMB = 0;
    for (let run = 0; run < 3; run += 1) {
      let before = memory();
      let start = performance.now();
      const prefixes = await loadLiveTokenPrefixes(new Date(), client);
      buildMs.push(performance.now() - start);
      buildHeapMB = Math.max(buildHeapMB, growthSince(before));
      if (prefixes.length < tokens) throw new Error(`built ${prefixes.length} of ${tokens}`);

      before = memory();
      start = performance.now();
      const result = await client.query<{ token_hash: string }>(
        `SELECT token_hash FROM api_tokens
          WHERE revoked_at IS NULL
            AND (expires_at IS NULL OR expires_at > now())
            AND (rotation_ends_at IS NULL OR rotation_ends_at > now())`,
      );
      rowPerTokenMs.push(performance.now() - start);
      rowPerTokenHeapMB = Math.max(rowPerTokenHeapMB, growthSince(before));
      if (result.rows.length < tokens) throw new Error("rows missing");
    }
    return {
      insertSeconds: round(insertSeconds, 1),
      buildMs: buildMs.map((ms) => round(ms, 0)),
      buildHeapMB: round(buildHeapMB, 1),
      rowPerTokenMs: rowPerTokenMs.map((ms) => round(ms, 0)),
      rowPerTokenHeapMB: round(rowPerTokenHeapMB, 1),
    };
  } finally {
    await client.query("ROLLBACK");
  }
}

export async function runLiveTokens(options: { tokens: number }): Promise<LiveTokensResult> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const machine = await describeMachine(client);
    const startedAt = new Date().toISOString();
    console.log(`Live-token set at ${options.tokens.toLocaleString("en")} tokens…`);
    const inMemory = measureInMemory(randomHashes(options.tokens));
    console.table(inMemory);
    const fromTable = await measureFromTable(client, options.tokens);
    console.table({
      ...fromTable,
      buildMedianMs: median(fromTable.buildMs),
      rowPerTokenMedianMs: median(fromTable.rowPerTokenMs),
    });
    return { kind: "live-tokens", startedAt, machine, tokens: options.tokens, inMemory, fromTable };
  } finally {
    await client.end();
  }
}
