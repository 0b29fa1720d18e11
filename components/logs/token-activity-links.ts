/** The Access Logs page filtered to one token (plus any extra filters). */
export function accessLogsHrefForToken(
  tokenId: string,
  extra: Record<string, string> = {},
): string {
  const params = new URLSearchParams({ token: tokenId, ...extra });
  return `/settings/api-tokens/access-logs?${params.toString()}`;
}
