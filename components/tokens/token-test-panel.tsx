"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { LoaderIcon } from "@/components/ui/icons";
import { Textarea } from "@/components/ui/textarea";
import { testTokenAction } from "@/lib/actions/tokens";
import type { TokenTestAnswer } from "@/lib/api/token-self-test";
import { describeScopes } from "@/lib/scope-presets";

// "Test it now" in the reveal: the curl command with the token filled in, and a Test button
// that asks the server what GET /api/v1/tokens/self answers this token (testTokenAction), so
// a customer knows the token works before leaving the dialog.

/** The command, on the configured public URL; the token in it is the one just revealed. */
export function selfTestCommand(testUrl: string, token: string): string {
  return `curl ${testUrl} \\\n  -H "Authorization: Bearer ${token}"`;
}

export function TokenTestPanel({
  tokenId,
  token,
  testUrl,
  onCopied,
}: {
  tokenId: string;
  token: string;
  testUrl: string;
  /** Copying the command copies the token too: the close guard counts it. */
  onCopied: () => void;
}) {
  const [answer, setAnswer] = useState<TokenTestAnswer | { failed: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const command = selfTestCommand(testUrl, token);

  function test() {
    startTransition(async () => {
      const result = await testTokenAction({ tokenId, token });
      setAnswer(result.ok ? result.data : { failed: result.message });
    });
  }

  return (
    <section
      aria-labelledby="token-test-title"
      className="grid min-w-0 gap-2 rounded-lg border p-3"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="token-test-title" className="font-medium text-sm">
          Test it now
        </h3>
        <div className="flex flex-wrap gap-2">
          <CopyButton text={command} label="Copy command" size="sm" onCopied={onCopied} />
          <Button variant="outline" size="sm" onClick={test} disabled={pending}>
            {pending ? <LoaderIcon aria-hidden="true" /> : null}
            {pending ? "Testing…" : "Test"}
          </Button>
        </div>
      </div>
      <label htmlFor="token-test-command" className="sr-only">
        curl command
      </label>
      <Textarea
        id="token-test-command"
        readOnly
        rows={2}
        wrap="off"
        spellCheck={false}
        value={command}
        onFocus={(event) => event.currentTarget.select()}
        onCopy={onCopied}
        className="min-h-0 resize-none bg-muted font-mono text-xs leading-relaxed"
      />
      <p className="text-muted-foreground text-xs">
        Test asks MailShield what <code className="font-mono">GET /api/v1/tokens/self</code> answers
        this token from your address, without counting as its use.
      </p>
      <div role="status" aria-live="polite" data-testid="token-test-result">
        {answer ? <TestAnswer answer={answer} /> : null}
      </div>
    </section>
  );
}

function TestAnswer({ answer }: { answer: TokenTestAnswer | { failed: string } }) {
  if ("failed" in answer) {
    return <p className="text-destructive text-sm">{answer.failed}</p>;
  }
  if (answer.ok) {
    return (
      <p className="text-sm">
        <span className="font-medium text-success">{answer.status} OK</span>: &ldquo;
        {answer.name}&rdquo; works. Permissions: {describeScopes(answer.scopes)} (
        <span className="break-all font-mono text-xs">{answer.scopes.join(", ")}</span>).
      </p>
    );
  }
  return (
    <div className="grid gap-0.5 text-sm">
      <p>
        <span className="font-medium text-destructive">
          {answer.status} {answer.code}
        </span>
        : {answer.message}
      </p>
      {answer.code === "forbidden" && answer.status === 403 ? (
        <p className="text-muted-foreground text-xs">
          The token itself is valid; this address or your plan is what the API refused.
        </p>
      ) : null}
    </div>
  );
}
