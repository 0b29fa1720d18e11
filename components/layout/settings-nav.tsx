"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type * as React from "react";
import {
  CreditCardIcon,
  HistoryIcon,
  KeyIcon,
  ListIcon,
  ShieldIcon,
  UsersIcon,
  WebhookIcon,
} from "@/components/ui/icons";
import { cn } from "@/lib/utils";

interface NavItem {
  href: string;
  label: string;
  icon: (props: React.ComponentProps<"svg">) => React.ReactNode;
}

export const SETTINGS_NAV_ITEMS: readonly NavItem[] = [
  { href: "/settings/api-tokens", label: "API Tokens", icon: KeyIcon },
  { href: "/settings/api-tokens/access-logs", label: "Access Logs", icon: ListIcon },
  { href: "/settings/audit-log", label: "Audit Log", icon: HistoryIcon },
  { href: "/settings/webhooks", label: "Webhooks", icon: WebhookIcon },
  { href: "/settings/members", label: "Members", icon: UsersIcon },
  { href: "/settings/billing", label: "Billing", icon: CreditCardIcon },
  { href: "/settings/security", label: "Security", icon: ShieldIcon },
];

/**
 * The item a path belongs to: the longest matching prefix, so that
 * /settings/api-tokens/access-logs highlights "Access Logs" and not "API Tokens",
 * while a token's detail page (/settings/api-tokens/<id>) highlights "API Tokens".
 */
export function activeNavHref(pathname: string, items: readonly NavItem[]): string | null {
  let best: string | null = null;
  for (const item of items) {
    const matches = pathname === item.href || pathname.startsWith(`${item.href}/`);
    if (matches && (!best || item.href.length > best.length)) best = item.href;
  }
  return best;
}

export function SettingsNav() {
  const pathname = usePathname();
  const active = activeNavHref(pathname, SETTINGS_NAV_ITEMS);

  return (
    <nav aria-label="Settings" className="w-full">
      <p
        id="settings-nav-heading"
        className="mb-2 hidden px-3 font-medium text-muted-foreground text-xs uppercase tracking-wide md:block"
      >
        Settings
      </p>
      <ul
        aria-labelledby="settings-nav-heading"
        // Every section in sight at any width: two columns on a phone, one row on a
        // tablet, the sidebar's column from md up. Nothing hides behind sideways scrolling.
        className="grid grid-cols-2 gap-1 sm:flex sm:flex-wrap md:flex-col"
      >
        {SETTINGS_NAV_ITEMS.map((item) => {
          const isActive = item.href === active;
          const Icon = item.icon;
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={isActive ? "page" : undefined}
                className={cn(
                  "flex items-center gap-2.5 whitespace-nowrap rounded-md px-3 py-2 font-medium text-sm transition-colors",
                  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
                  isActive
                    ? "bg-card text-foreground shadow-xs ring-1 ring-border"
                    : "text-muted-foreground hover:bg-accent hover:text-foreground",
                )}
              >
                <Icon className={cn("size-4", isActive ? "text-brand" : "opacity-70")} />
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
