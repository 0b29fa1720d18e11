// Counts in words, for the dashboard and the API's log summaries alike. Regular English
// plurals only (every noun counted so far takes an "s"). Client-safe.

/** "hour" or "hours", as the count needs. */
export function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

/** The count with its noun: "1 domain", "0 domains", "3 domains". */
export function countOf(count: number, word: string): string {
  return `${count} ${plural(count, word)}`;
}
