import { Badge } from "@/components/ui/badge";
import { AlertTriangleIcon } from "@/components/ui/icons";
import type { TokenExposureSummary } from "@/lib/services/tokens/types";

// How the dashboard shows that a token was found in public: a badge next to its status,
// and where it was found. Client-safe (the tokens table renders the badge in the browser).

/** "Exposed", for a token reported exposed; nothing otherwise. */
export function ExposedBadge({ exposure }: { exposure: TokenExposureSummary | null }) {
  if (!exposure) return null;
  return (
    <Badge variant="destructive" title="Found in public and revoked" data-testid="exposed-badge">
      <AlertTriangleIcon aria-hidden="true" />
      Exposed
    </Badge>
  );
}

/** Only web addresses become links: a reported `javascript:` URL stays inert text. */
export function webUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

/** Where the token was found: the reported URL (a link when it is a web address) and source. */
export function ExposureLocation({ exposure }: { exposure: TokenExposureSummary }) {
  const href = exposure.url ? webUrl(exposure.url) : null;
  // Long URLs break anywhere; the source stays in one piece.
  const source = exposure.source ? (
    <span className="whitespace-nowrap"> ({exposure.source})</span>
  ) : null;
  if (!exposure.url) return <span>an unreported location{source}</span>;
  return (
    <span>
      {href ? (
        <a
          href={href}
          target="_blank"
          rel="noopener noreferrer nofollow"
          className="break-all rounded-sm font-medium text-foreground underline underline-offset-2"
        >
          {exposure.url}
        </a>
      ) : (
        <span className="break-all font-medium text-foreground">{exposure.url}</span>
      )}
      {source}
    </span>
  );
}
