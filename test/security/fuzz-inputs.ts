import fc from "fast-check";

// Hostile values an API client can send, shared by the fuzz suites.

const TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
export const wellFormedToken = fc
  .string({ unit: fc.constantFrom(...TOKEN_ALPHABET), minLength: 43, maxLength: 43 })
  .map((body) => `ms_${body}`);
// Near misses: right shape with one mutation, other schemes, odd whitespace, unicode.
export const hostileHeader = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  wellFormedToken,
  wellFormedToken.map((token) => `Bearer ${token}`),
  fc
    .tuple(
      fc.constantFrom("Bearer", "bearer", "BEARER", "Basic", "Token", "Bearer:", ""),
      fc.constantFrom(" ", "  ", "\t", "", "\n", "\u00a0"),
      wellFormedToken,
      fc.constantFrom("", " ", "x", "=", "\u0000", "é", " extra"),
    )
    .map(([scheme, space, token, tail]) => `${scheme}${space}${token}${tail}`),
  fc
    .tuple(wellFormedToken, fc.nat(45), fc.string({ minLength: 1, maxLength: 3 }))
    .map(([token, at, insert]) => `Bearer ${token.slice(0, at)}${insert}${token.slice(at)}`),
  fc.string({ minLength: 200, maxLength: 5_000 }).map((junk) => `Bearer ${junk}`),
);
