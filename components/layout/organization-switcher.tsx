"use client";

import Link from "next/link";
import { useEffect } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { PlanBadge } from "@/components/layout/plan-badge";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { ChevronDownIcon, LoaderIcon } from "@/components/ui/icons";
import { toast } from "@/components/ui/toast";
import { switchOrganizationAction } from "@/lib/actions/organizations";
import { ROLE_LABELS } from "@/lib/permissions";
import { planLabel } from "@/lib/plans";
import type { OrganizationMembership } from "@/lib/session/choose-organization";
import { cn } from "@/lib/utils";

import { SWITCH_ORGANIZATION_FAILED_MESSAGE } from "@/lib/validations/organizations";

const NAME_CLASS = "truncate font-medium text-sm";

/**
 * The current organization's name and plan in the dashboard's header. A user in several
 * organizations gets a menu of them instead of the bare name (keyboard: Enter or the arrow
 * keys open it, arrows move, Enter picks, Escape closes); picking one makes it current and
 * opens its API Tokens page.
 */
export function OrganizationSwitcher({
  current,
  organizations,
}: {
  current: { id: string; name: string; plan: OrganizationMembership["plan"] };
  organizations: readonly OrganizationMembership[];
}) {
  return (
    <div className="flex min-w-0 items-center gap-2">
      {organizations.length > 1 ? (
        <OrganizationMenu current={current} organizations={organizations} />
      ) : (
        <span className={NAME_CLASS} data-testid="organization-name">
          {current.name}
        </span>
      )}
      <Link
        href="/settings/billing"
        title="Manage billing"
        // On a phone the menu's name needs the room; its items tell each organization's plan.
        className={cn("shrink-0 rounded-full", organizations.length > 1 && "max-sm:hidden")}
      >
        <PlanBadge plan={current.plan} />
      </Link>
    </div>
  );
}

function OrganizationMenu({
  current,
  organizations,
}: {
  current: { id: string; name: string };
  organizations: readonly OrganizationMembership[];
}) {
  // On success the action redirects, so there is no success to handle here.
  const form = useActionForm(switchOrganizationAction, {
    failureMessage: SWITCH_ORGANIZATION_FAILED_MESSAGE,
  });
  useEffect(() => {
    if (form.formError) toast({ title: form.formError, variant: "error" });
  }, [form.formError]);

  function choose(organizationId: string) {
    if (organizationId === current.id || form.isPending) return;
    form.submit({ organizationId });
  }

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="sm"
          className="min-w-0 max-w-full shrink justify-start px-2"
          aria-busy={form.isPending || undefined}
        >
          <span className={NAME_CLASS} data-testid="organization-name">
            {current.name}
          </span>
          <span className="sr-only">, switch organization</span>
          {form.isPending ? (
            <LoaderIcon aria-hidden="true" />
          ) : (
            <ChevronDownIcon aria-hidden="true" />
          )}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-[min(20rem,calc(100vw-1rem))]">
        <DropdownMenuLabel>Switch organization</DropdownMenuLabel>
        <DropdownMenuRadioGroup value={current.id} onValueChange={choose}>
          {organizations.map((organization) => (
            <DropdownMenuRadioItem
              key={organization.id}
              value={organization.id}
              disabled={form.isPending}
            >
              <span className="grid min-w-0">
                <span className="truncate font-medium">{organization.name}</span>
                <span className="truncate text-muted-foreground text-xs">
                  {ROLE_LABELS[organization.role]} · {planLabel(organization.plan)} plan
                </span>
              </span>
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
