"use client";

import { Tabs } from "radix-ui";
import { useState } from "react";
import { CopyButton } from "@/components/ui/copy-button";

interface Snippet {
  id: string;
  label: string;
  code: string;
}

function snippets(origin: string): Snippet[] {
  const url = `${origin}/api/v1/domains`;
  return [
    {
      id: "curl",
      label: "curl",
      code: `curl ${url} \\
  -H "Authorization: Bearer $MAILSHIELD_API_TOKEN"`,
    },
    {
      id: "python",
      label: "Python",
      code: `import os
import requests

response = requests.get(
    "${url}",
    headers={"Authorization": f"Bearer {os.environ['MAILSHIELD_API_TOKEN']}"},
    timeout=10,
)
response.raise_for_status()
for domain in response.json()["data"]:
    print(domain["name"])`,
    },
    {
      id: "node",
      label: "Node.js",
      code: `const response = await fetch("${url}", {
  headers: { Authorization: \`Bearer \${process.env.MAILSHIELD_API_TOKEN}\` },
});
if (!response.ok) {
  throw new Error(\`MailShield API error \${response.status}\`);
}
const { data } = await response.json();
for (const domain of data) console.log(domain.name);`,
    },
  ];
}

/** Tabs with one example per language for `GET /api/v1/domains`, each with a Copy button. */
export function ApiCodeSnippets({ origin }: { origin: string }) {
  const items = snippets(origin);
  const [active, setActive] = useState("curl");
  const current = items.find((item) => item.id === active) ?? items[0];
  return (
    <Tabs.Root
      value={active}
      onValueChange={setActive}
      className="overflow-hidden rounded-lg border"
    >
      <div className="flex flex-wrap items-center justify-between gap-2 border-b bg-muted/60 px-2">
        <Tabs.List aria-label="Example language" className="flex gap-1 py-1.5">
          {items.map((item) => (
            <Tabs.Trigger
              key={item.id}
              value={item.id}
              className="rounded-md px-2.5 py-1 font-medium text-muted-foreground text-sm transition-colors hover:text-foreground data-[state=active]:bg-card data-[state=active]:text-foreground data-[state=active]:shadow-xs"
            >
              {item.label}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        <div className="flex items-center gap-3">
          <span className="hidden font-mono text-muted-foreground text-xs md:inline">
            GET /api/v1/domains
          </span>
          {current ? (
            <CopyButton
              // Remounts per language so "Copied" never refers to another tab's example.
              key={current.id}
              text={current.code}
              size="sm"
              aria-label={`Copy the ${current.label} example`}
              className="h-7"
            />
          ) : null}
        </div>
      </div>
      {items.map((item) => (
        // The tab panel, not the <pre>, scrolls a long line sideways: the panel is already
        // focusable and named by its tab, so keyboard users can scroll it (WCAG 2.1.1).
        <Tabs.Content
          key={item.id}
          value={item.id}
          className="overflow-x-auto bg-[oklch(0.21_0.02_265)] focus-visible:outline-offset-[-2px]"
        >
          <pre className="w-fit p-4 font-mono text-[13px] text-[oklch(0.93_0.01_255)] leading-relaxed">
            <code>{item.code}</code>
          </pre>
        </Tabs.Content>
      ))}
    </Tabs.Root>
  );
}
