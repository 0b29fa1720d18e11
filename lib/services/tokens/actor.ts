// What a token service is about to do. Who does it is a Principal (lib/auth/principal.ts).

/** What a token service is about to do, judged by authorizeTokenActor (guards.ts). */
export interface TokenAct {
  action: "create" | "edit" | "rotate" | "revoke";
  /** The token acted on; null when creating one, or revoking several (members only). */
  tokenId: string | null;
}
