// Types of processes.mjs for its TypeScript callers (the stress suite, the benchmark and the
// end-to-end suite).
import type { ChildProcess } from "node:child_process";

export const ROOT: string;
export const DATA_DIR: string;
export const DEFAULT_EMBEDDED_DB_PORT: number;

export function bin(name: string): string;
export function run(command: string, args: string[], env?: NodeJS.ProcessEnv): number;
export function toolScript(script: string, ...args: string[]): [string, string[]];
export function runOrExit(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  what: string,
): void;
export function freePort(host?: string): Promise<number>;
export function listenError(port: number, host?: string): Promise<NodeJS.ErrnoException | null>;
export function portIsFree(port: number, host?: string): Promise<boolean>;

export interface ProcessEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
}
export function stopProcess(
  child: ChildProcess | null | undefined,
  options?: { signal?: NodeJS.Signals; graceMs?: number },
): Promise<ProcessEnd>;

export interface EmbeddedDatabase {
  url: string;
  /** The port it listens on (the one chosen when it was started on 0). */
  port: number;
  child: ChildProcess;
  /** Everything it printed so far. */
  output: () => string;
}
export function embeddedDatabasePort(env?: NodeJS.ProcessEnv): Promise<number>;
export function startEmbeddedDatabase(options: {
  dataDir: string;
  port: number;
  echoErrors?: boolean;
  timeoutMs?: number;
}): Promise<EmbeddedDatabase>;
export function embeddedAuthSecret(): string;

export interface AppServer {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the server printed so far (stdout and stderr). */
  output: () => string;
}
export function appServerEnv(options: {
  port: number;
  host?: string;
  env?: Record<string, string>;
}): Record<string, string>;
export function startAppServer(options: {
  port: number;
  host?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<AppServer>;
export function spawnSupervisedAppServer(options: {
  env: NodeJS.ProcessEnv;
  dev?: boolean;
}): ChildProcess;

export function reverseProxyConfig(options: {
  host?: string;
  port: number;
  upstreams: string[];
  prefix: string;
  exposeUpstream?: boolean;
}): string;
export function nginxPath(): string;

/** nginx, its output being its error log. */
export interface ReverseProxy extends AppServer {
  /** Stops nginx (SIGTERM, then SIGKILL after a grace) and removes its folder. */
  stop: () => Promise<ProcessEnd>;
}
export function startReverseProxy(options: {
  host?: string;
  port: number;
  upstreams: string[];
  exposeUpstream?: boolean;
  timeoutMs?: number;
}): Promise<ReverseProxy>;
