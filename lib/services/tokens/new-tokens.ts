import "server-only";

// New tokens announced inside this process, after their creation committed. Across
// instances the api_tokens trigger announces them through PostgreSQL (NOTIFY); this is for
// where no connection can be held to listen (the embedded database, a single instance),
// and it is all the set of live tokens there needs (lib/api/live-tokens.ts). The listeners
// live on globalThis because the instrumentation hook and the route modules share the
// process but not always a module graph.

type NewTokenListener = (tokenHash: string) => void;

const globalForNewTokens = globalThis as typeof globalThis & {
  __mailshieldNewTokenListeners?: Set<NewTokenListener>;
};

function listeners(): Set<NewTokenListener> {
  globalForNewTokens.__mailshieldNewTokenListeners ??= new Set();
  return globalForNewTokens.__mailshieldNewTokenListeners;
}

/** Calls `listener` with the hash of each token created in this process from now on. */
export function onNewToken(listener: NewTokenListener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}

/** Tells this process's listeners about a token whose creation has committed. */
export function announceNewToken(tokenHash: string): void {
  for (const listener of listeners()) listener(tokenHash);
}
