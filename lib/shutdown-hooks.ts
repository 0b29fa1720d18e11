import "server-only";

// Application code registers async cleanup here (for example "flush the request-log
// queue"); server.mjs runs every hook after the last in-flight request has been answered.
// The list lives on globalThis because server.mjs and the bundled route modules share the
// process but not a module graph.

type ShutdownHook = () => Promise<void>;

const globalForHooks = globalThis as typeof globalThis & {
  __mailshieldShutdownHooks?: ShutdownHook[];
  __mailshieldShutdownHookNames?: Set<string>;
};

/**
 * Registers `hook` once per process under `name`. Development re-evaluates modules on every
 * edit; keying by name keeps one hook per purpose instead of one per evaluation.
 */
export function registerShutdownHook(name: string, hook: ShutdownHook): void {
  globalForHooks.__mailshieldShutdownHooks ??= [];
  globalForHooks.__mailshieldShutdownHookNames ??= new Set();
  if (globalForHooks.__mailshieldShutdownHookNames.has(name)) return;
  globalForHooks.__mailshieldShutdownHookNames.add(name);
  globalForHooks.__mailshieldShutdownHooks.push(hook);
}
