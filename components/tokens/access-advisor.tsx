import { DateTime } from "@/components/time/relative-time";
import { ReduceScopesButton } from "@/components/tokens/reduce-scopes-dialog";
import type { TokenFormField } from "@/components/tokens/token-form-fields";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ScrollRegion } from "@/components/ui/scroll-region";
import type { TokenLifetimePolicy } from "@/lib/auth/token-lifetime-policy";
import type { TokenSummary, TokenUsage } from "@/lib/services/tokens";
import { tokenFormValuesFromSummary } from "@/lib/validations/token-form";

const COUNT = new Intl.NumberFormat("en-US");

/**
 * The token page's Access advisor: what each scope the token holds was used for (from the
 * daily usage rollup, lib/services/tokens/usage.ts), the operations it called, and, for
 * those who may edit it, "Reduce to what it used".
 */
export function AccessAdvisor({
  usage,
  token,
  editable,
  readOnlyFields,
  lifetimePolicy,
}: {
  /** getTokenUsage's answer. */
  usage: TokenUsage;
  token: TokenSummary;
  editable: boolean;
  readOnlyFields?: Partial<Record<TokenFormField, string>>;
  lifetimePolicy: TokenLifetimePolicy;
}) {
  const unusedScopes = usage.scopes.filter((scope) => scope.unused90d);
  const canReduce = editable && unusedScopes.length > 0 && usage.usedScopes.length > 0;
  const current = tokenFormValuesFromSummary(token);

  return (
    <section aria-labelledby="access-advisor-title">
      <Card>
        <CardHeader>
          <CardTitle id="access-advisor-title">Access advisor</CardTitle>
          <CardDescription>
            What this token&apos;s permissions were used for in the last 90 days, within the access
            log&apos;s retention. Only accepted requests count.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-6">
          {usage.unused ? (
            <p className="rounded-md border border-dashed p-4 text-muted-foreground text-sm">
              {token.lastUsedAt === null
                ? "This token has never been used."
                : "This token has made no accepted request in the last 90 days."}{" "}
              None of its scopes is in use; if nothing needs it, revoke it.
            </p>
          ) : null}

          <ScrollRegion label="Use of each scope">
            <table className="w-full text-sm">
              <caption className="sr-only">Use of each scope</caption>
              <thead>
                <tr className="border-b text-left text-muted-foreground">
                  <th scope="col" className="py-2 pr-3 font-medium">
                    Scope
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    Last used
                  </th>
                  <th scope="col" className="py-2 pr-3 text-right font-medium">
                    30 days
                  </th>
                  <th scope="col" className="py-2 text-right font-medium">
                    90 days
                  </th>
                </tr>
              </thead>
              <tbody>
                {usage.scopes.map((scope) => (
                  <tr key={scope.scope} className="border-b last:border-0">
                    <th scope="row" className="py-2 pr-3 text-left font-normal">
                      <code className="font-mono text-xs">{scope.scope}</code>
                    </th>
                    <td className="py-2 pr-3">
                      {scope.lastUsedAt ? (
                        <DateTime date={scope.lastUsedAt} />
                      ) : (
                        <Badge variant="warning" className="whitespace-normal">
                          Unused for 90 days
                        </Badge>
                      )}
                    </td>
                    <td className="py-2 pr-3 text-right tabular-nums">
                      {COUNT.format(scope.requests30d)}
                    </td>
                    <td className="py-2 text-right tabular-nums">
                      {COUNT.format(scope.requests90d)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>

          {usage.operations.length > 0 ? (
            <div className="grid gap-2">
              <h3 className="font-medium text-sm">Operations called</h3>
              <ul
                className="grid gap-1.5 text-sm"
                aria-label="Operations called in the last 90 days"
              >
                {usage.operations.map((operation) => (
                  <li
                    key={`${operation.scope} ${operation.method} ${operation.path}`}
                    className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5"
                  >
                    <code className="min-w-0 break-all font-mono text-xs">
                      {operation.method} {operation.path}
                    </code>
                    <span className="text-muted-foreground text-xs tabular-nums">
                      {COUNT.format(operation.requests90d)}{" "}
                      {operation.requests90d === 1 ? "request" : "requests"} ·{" "}
                      {COUNT.format(operation.requests30d)} in 30 days
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}

          {canReduce ? (
            <div className="flex flex-wrap items-center gap-3 border-t pt-4">
              <ReduceScopesButton
                tokenId={token.id}
                current={current}
                proposed={{ ...current, scopes: usage.usedScopes.join(" ") }}
                removed={unusedScopes.map((scope) => scope.scope)}
                readOnlyFields={readOnlyFields}
                lifetimePolicy={lifetimePolicy}
              />
              <p className="min-w-0 flex-1 text-muted-foreground text-xs">
                Opens this token&apos;s settings with only the scopes it used in the last 90 days
                selected; nothing changes until you save.
              </p>
            </div>
          ) : null}
        </CardContent>
      </Card>
    </section>
  );
}
