import type * as React from "react";
import { VerifyEmailBanner } from "@/components/account/verify-email-banner";
import { Brand } from "@/components/layout/brand";
import { OrganizationSwitcher } from "@/components/layout/organization-switcher";
import { SettingsNav } from "@/components/layout/settings-nav";
import { SignOutButton } from "@/components/layout/sign-out-button";
import { NotificationsMenu } from "@/components/notifications/notifications-menu";
import { SudoProvider } from "@/components/security/sudo-provider";
import { ExposureBanner } from "@/components/tokens/exposure-banner";
import { memberPrincipal } from "@/lib/auth/principal";
import { holds } from "@/lib/services/authorize";
import { listNotifications } from "@/lib/services/notifications/list-notifications";
import { listExposureNotices } from "@/lib/services/tokens/exposure-notices";
import { requireSessionContext } from "@/lib/session/session";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  // The pages themselves send a member who has not met the organization's two-factor
  // policy to set it up; the frame around them shows nothing of the organization meanwhile.
  const session = await requireSessionContext({ beforeTwoFactorSetup: true });
  const { organization, organizations, user, twoFactorSetupRequired } = session;
  const member = { principal: memberPrincipal(session, null), organizationId: organization.id };
  // Owners and admins, who can act on it, are told of tokens found exposed until they dismiss.
  const [exposureNotices, notifications] = twoFactorSetupRequired
    ? [null, { items: [], unread: 0 }]
    : await Promise.all([
        holds(member.principal, organization.id, "tokens:write")
          ? listExposureNotices(member)
          : null,
        listNotifications(member),
      ]);

  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only rounded-md bg-card font-medium text-sm shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-40 border-b bg-card">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-3 px-4 sm:px-6">
          <Brand href="/settings/api-tokens" compact />
          <span aria-hidden="true" className="hidden h-5 w-px bg-border sm:block" />
          <OrganizationSwitcher current={organization} organizations={organizations} />
          <div className="ml-auto flex items-center gap-2">
            <span
              className="hidden max-w-56 truncate text-muted-foreground text-sm md:inline"
              title={user.email}
            >
              {user.email}
            </span>
            <NotificationsMenu notifications={notifications} />
            <SignOutButton />
          </div>
        </div>
      </header>

      <div className="mx-auto flex w-full max-w-7xl flex-1 flex-col gap-6 px-4 py-6 sm:px-6 md:flex-row md:gap-10 md:py-8">
        <aside className="md:w-52 md:shrink-0">
          <div className="md:sticky md:top-22">
            <SettingsNav />
          </div>
        </aside>
        {/* A size container (@container/main): a list can fit itself to the room the page
            leaves it, which the window's width alone does not tell (the sidebar takes part). */}
        <main id="main" tabIndex={-1} className="@container/main min-w-0 flex-1 focus:outline-none">
          {user.emailVerified ? null : <VerifyEmailBanner email={user.email} />}
          {exposureNotices ? <ExposureBanner notices={exposureNotices} /> : null}
          <SudoProvider>{children}</SudoProvider>
        </main>
      </div>
    </div>
  );
}
