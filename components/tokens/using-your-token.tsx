import { headers } from "next/headers";
import Link from "next/link";
import { ApiCodeSnippets } from "@/components/tokens/api-code-snippets";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

const HOST_PATTERN =
  /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** Shown when the request carries no usable host (never in practice behind a browser). */
export const FALLBACK_ORIGIN = "https://mailshield.example";

/**
 * The origin this dashboard was reached at, so the examples work when pasted. Forwarded
 * headers are honoured when a proxy sets them; whatever arrives is only shown back to the
 * same signed-in viewer, and anything that does not look like a host is ignored.
 */
export function originFromHeaders(requestHeaders: Pick<Headers, "get">): string {
  const first = (name: string) => requestHeaders.get(name)?.split(",")[0]?.trim() || null;
  const host = [first("x-forwarded-host"), first("host")].find(
    (value): value is string => value !== null && HOST_PATTERN.test(value),
  );
  if (!host) return FALLBACK_ORIGIN;
  const forwardedProto = first("x-forwarded-proto")?.toLowerCase();
  const proto =
    forwardedProto === "http" || forwardedProto === "https"
      ? forwardedProto
      : isLocalHost(host)
        ? "http"
        : "https";
  return `${proto}://${host.toLowerCase()}`;
}

function isLocalHost(host: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i.test(host);
}

/** "Using your token": how to authenticate, with copyable curl, Python and Node examples. */
export async function UsingYourToken() {
  const origin = originFromHeaders(await headers());
  return (
    <Card aria-labelledby="using-your-token-title">
      <CardHeader>
        <CardTitle id="using-your-token-title">Using your token</CardTitle>
        <CardDescription>
          Send the token in the <code className="font-mono text-foreground">Authorization</code>{" "}
          header of every request:{" "}
          <code className="font-mono text-foreground">Authorization: Bearer ms_…</code>. Keep it out
          of source code: read it from an environment variable or your CI provider&apos;s secrets,
          as below with <code className="font-mono">MAILSHIELD_API_TOKEN</code>.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <ApiCodeSnippets origin={origin} />
        <p className="text-muted-foreground text-sm">
          Every endpoint, parameter and error is described in the{" "}
          <Link
            href="/api/v1/openapi.json"
            className="font-medium text-brand underline-offset-4 hover:underline"
            prefetch={false}
          >
            OpenAPI specification
          </Link>{" "}
          (<code className="font-mono text-xs">{origin}/api/v1/openapi.json</code>). Requests from
          an IP outside a token&apos;s allowlist are refused with 403; revoked and expired tokens
          get 401.
        </p>
      </CardContent>
    </Card>
  );
}
