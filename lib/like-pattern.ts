/**
 * `value` as a LIKE/ILIKE pattern that matches only itself: the wildcards `%` and `_` and
 * the escape character are escaped. Prisma's case-insensitive `equals` is an ILIKE and
 * passes the value as a pattern, so literal comparisons must go through this.
 */
export function escapeLikePattern(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}
