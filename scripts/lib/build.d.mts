/** A fingerprint of everything a production build depends on. */
export function sourceFingerprint(): string;
/** Runs `next build` unless the existing build was made from the same sources. */
export function buildIfNeeded(env: NodeJS.ProcessEnv): void;
