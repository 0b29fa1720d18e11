"use client";

// The tokens list's two empty states: no token at all, or none matching the view.

import { CreateTokenButton } from "@/components/tokens/create-token-dialog";
import { TOKEN_STATUS_LABEL } from "@/components/tokens/status-badge";
import type { TokenListQuery } from "@/components/tokens/token-list-query";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { KeyIcon, SearchIcon } from "@/components/ui/icons";

/** Nothing matches the search or the status filter: say which, and offer the way back. */
export function NoMatchingTokens({
  query,
  onClear,
}: {
  query: TokenListQuery;
  onClear: () => void;
}) {
  const status = query.status === "all" ? "" : `${TOKEN_STATUS_LABEL[query.status].toLowerCase()} `;
  const message = query.q ? `No ${status}tokens match “${query.q}”.` : `No ${status}tokens.`;
  return (
    <Card className="items-center gap-2 px-6 py-10 text-center">
      <SearchIcon className="size-5 text-muted-foreground" />
      <p className="max-w-full break-words font-medium">{message}</p>
      <p className="text-muted-foreground text-sm">
        {query.q ? "The search looks at token names and descriptions." : null}
      </p>
      <Button variant="outline" size="sm" className="mt-1" onClick={onClear}>
        Clear filters
      </Button>
    </Card>
  );
}

export function TokensEmptyState({
  canManage,
  hasApiAccess,
}: {
  canManage: boolean;
  hasApiAccess: boolean;
}) {
  let explanation =
    "Create a token to let scripts, CI pipelines and integrations manage your domains through the MailShield API. Give each integration its own token so you can revoke one without touching the others.";
  if (!hasApiAccess) {
    explanation =
      "Tokens you create after upgrading to the Pro plan or higher will be listed here.";
  } else if (!canManage) {
    explanation = "Tokens created by an owner or admin of your organization will be listed here.";
  }
  return (
    <Card className="items-center gap-3 px-6 py-14 text-center">
      <span className="flex size-11 items-center justify-center rounded-full bg-brand/10 text-brand">
        <KeyIcon className="size-5" />
      </span>
      <h2 className="font-semibold text-base">No API tokens yet</h2>
      <p className="max-w-md text-muted-foreground text-sm">{explanation}</p>
      <CreateTokenButton className="mt-2">Create your first token</CreateTokenButton>
    </Card>
  );
}
