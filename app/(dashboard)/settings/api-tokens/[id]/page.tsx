import type { Metadata } from "next";
import Link from "next/link";
import type * as React from "react";
import { TokenActivity } from "@/components/logs/token-activity";
import { LastUsed } from "@/components/logs/token-last-use";
import { DateTime } from "@/components/time/relative-time";
import { AccessAdvisor } from "@/components/tokens/access-advisor";
import { EditTokenForm } from "@/components/tokens/edit-token-form";
import { ExpiryDetail } from "@/components/tokens/expiry-detail";
import { ExposedBadge, ExposureLocation } from "@/components/tokens/exposure";
import { LifetimePolicyBadge } from "@/components/tokens/lifetime-policy-flag";
import { RevokeTokenButton } from "@/components/tokens/revoke-token-dialog";
import { rotateDisabledReason } from "@/components/tokens/rotation/rotate-disabled-reason";
import { RotateTokenButton } from "@/components/tokens/rotation/rotate-token-dialog";
import { TokenRotationSection } from "@/components/tokens/rotation/token-rotation-section";
import { TokenStatusBadge } from "@/components/tokens/status-badge";
import { TokenDomainsDetail } from "@/components/tokens/token-domains-detail";
import { TokenInOtherOrganization } from "@/components/tokens/token-in-other-organization";
import { MadeBy, RevokedBy } from "@/components/tokens/token-maker";
import { UnusedRevocationNote } from "@/components/tokens/unused-revocation-note";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ChevronRightIcon } from "@/components/ui/icons";
import { memberPrincipal } from "@/lib/auth/principal";
import { exceedsLifetimePolicy } from "@/lib/auth/token-lifetime-policy";
import { clock } from "@/lib/clock";
import type { Plan } from "@/lib/generated/prisma/enums";
import { PLANS, planHasApiAccess, planLabel } from "@/lib/plans";
import { tokenLabel, tokenSuffix } from "@/lib/rules/token-label";
import { tokenActions } from "@/lib/rules/token-status";
import { TOKEN_TEMPLATES } from "@/lib/rules/token-templates";
import { describeScopes } from "@/lib/scope-presets";
import { holds } from "@/lib/services/authorize";
import { listDomainChoices } from "@/lib/services/domains/domains";
import { getTokenActivity } from "@/lib/services/logs/token-activity";
import { lifetimePolicyReport } from "@/lib/services/organizations/token-lifetime-policy";
import {
  expiredReadOnlyFields,
  getPostRotationUse,
  getTokenUsage,
  type TokenSummary,
} from "@/lib/services/tokens";
import { requireSessionContext } from "@/lib/session/session";
import { cn } from "@/lib/utils";
import { tokenFormValuesFromSummary } from "@/lib/validations/token-form";
import { loadToken } from "./load-token";

export const metadata: Metadata = { title: "API Token" };

export default async function TokenDetailsPage({ params }: { params: Promise<{ id: string }> }) {
  const context = await requireSessionContext();
  const { organization } = context;
  const viewer = memberPrincipal(context, null);
  const reader = { principal: viewer, organizationId: organization.id };
  const { id } = await params;
  const loaded = await loadToken(id);
  if ("holder" in loaded) {
    return (
      <TokenInOtherOrganization
        tokenPath={`/settings/api-tokens/${id}`}
        holder={loaded.holder}
        currentName={organization.name}
      />
    );
  }
  const { token } = loaded;
  const [activity, { policy: lifetimePolicy }, domains, usage] = await Promise.all([
    getTokenActivity(reader, token.id),
    lifetimePolicyReport(viewer, organization.id),
    listDomainChoices(reader),
    getTokenUsage(reader, token.id),
  ]);
  const working = token.status === "active" || token.status === "paused";
  const canManage = holds(viewer, organization.id, "tokens:write");
  const { revoke: revocable, edit: editable } = tokenActions(token.status, canManage);
  const rotationUses = token.rotatedAt
    ? await getPostRotationUse(viewer, organization.id, {
        id: token.id,
        rotatedAt: token.rotatedAt,
      })
    : [];

  return (
    // grid-cols-1 (minmax(0, 1fr)): the breadcrumb's long token name is cut with an ellipsis
    // instead of widening the page.
    <div className="grid grid-cols-1 gap-6">
      <nav aria-label="Breadcrumb" className="min-w-0">
        <ol className="flex items-center gap-1.5 text-muted-foreground text-sm">
          <li className="shrink-0">
            <Link href="/settings/api-tokens" className="rounded-sm hover:text-foreground">
              API Tokens
            </Link>
          </li>
          <li aria-hidden="true">
            <ChevronRightIcon className="size-3.5" />
          </li>
          <li aria-current="page" className="min-w-0 truncate font-medium text-foreground">
            {tokenLabel(token)}
          </li>
        </ol>
      </nav>

      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid min-w-0 gap-1.5">
          <div className="flex flex-wrap items-center gap-2.5">
            <h1 className="break-words font-semibold text-2xl tracking-tight">{token.name}</h1>
            {/* A rotation's successor has the same name: the last four tell them apart. */}
            <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-muted-foreground text-sm">
              {tokenSuffix(token.lastFour)}
            </code>
            <TokenStatusBadge status={token.status} />
            <ExposedBadge exposure={token.exposure} />
            <UnusedRevocationNote days={token.revokedUnusedDays} />
          </div>
          {token.description ? (
            <p className="max-w-2xl whitespace-pre-line text-muted-foreground text-sm">
              {token.description}
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap items-start gap-2">
          <RotateTokenButton
            token={{
              id: token.id,
              name: token.name,
              lastFour: token.lastFour,
              createdAt: token.createdAt,
              expiresAt: token.expiresAt,
              domainIds: token.domainIds,
            }}
            disabledReason={rotateDisabledReason(token, canManage)}
            lifetimePolicy={lifetimePolicy}
            domains={domains}
          />
          {revocable ? (
            <RevokeTokenButton
              token={{ id: token.id, name: token.name, lastFour: token.lastFour }}
            />
          ) : null}
        </div>
      </header>

      <StatusBanner token={token} canManage={canManage} plan={organization.plan} />
      <TokenRotationSection token={token} uses={rotationUses} />

      {/* One column: the details side by side in two columns on wide screens, then the
          settings form, whose Save changes stays on screen (a sticky bar) while it is. Two
          cards side by side left a tall empty column beside the long form, and Save changes
          far below the fold. */}
      <div className={cn("grid gap-6", editable ? null : "max-w-3xl")}>
        <Card>
          <CardHeader>
            <CardTitle>Details</CardTitle>
          </CardHeader>
          <CardContent>
            <dl
              className={cn(
                "grid gap-4 text-sm",
                editable && "lg:grid-cols-2 lg:gap-x-8 lg:[&>div]:content-start",
              )}
            >
              <Detail term="Token">
                <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">
                  ms_…{token.lastFour}
                </code>
                <p className="mt-1 text-muted-foreground text-xs">
                  The full token was shown once, when it was created, and cannot be shown again.
                </p>
              </Detail>
              <Detail term="Status">
                <TokenStatusBadge status={token.status} />
              </Detail>
              <Detail term="Permissions">
                <p>{describeScopes(token.scopes)}</p>
                <ul className="mt-1.5 flex flex-wrap gap-1.5" aria-label="Scopes">
                  {token.scopes.map((scope) => (
                    <li key={scope}>
                      <code className="rounded-md border bg-muted/50 px-1.5 py-0.5 font-mono text-xs">
                        {scope}
                      </code>
                    </li>
                  ))}
                </ul>
              </Detail>
              <Detail term="Domains">
                <TokenDomainsDetail domainIds={token.domainIds} domains={domains} />
              </Detail>
              <Detail term="Created">
                <DateTime date={token.createdAt} />
                <span className="text-muted-foreground">
                  {" "}
                  <MadeBy token={token} detailed />
                </span>
              </Detail>
              {token.template ? (
                <Detail term="Template">{TOKEN_TEMPLATES[token.template].label}</Detail>
              ) : null}
              <Detail term="Last used">
                <LastUsed at={token.lastUsedAt} ip={token.lastUsedIp} inline />
              </Detail>
              <Detail term="Expires">
                <ExpiryDetail expiresAt={token.expiresAt} status={token.status} />
                {working &&
                lifetimePolicy &&
                exceedsLifetimePolicy(token.expiresAt, lifetimePolicy) ? (
                  <p className="mt-1.5 grid gap-1 text-muted-foreground text-xs">
                    <LifetimePolicyBadge days={lifetimePolicy} />
                    Your organization&apos;s token policy allows new tokens at most {lifetimePolicy}{" "}
                    days. This token keeps working; give it an earlier expiration date or replace
                    it.
                  </p>
                ) : null}
              </Detail>
              <Detail term="IP allowlist">
                {token.ipAllowlist.length === 0 ? (
                  <span className="text-muted-foreground">Any IP address</span>
                ) : (
                  <ul
                    className="flex flex-wrap gap-1.5"
                    aria-label="Allowed IP addresses and ranges"
                  >
                    {token.ipAllowlist.map((entry) => (
                      <li
                        key={entry}
                        className="rounded-md border bg-muted/50 px-1.5 py-0.5 font-mono text-xs"
                      >
                        {entry}
                      </li>
                    ))}
                  </ul>
                )}
              </Detail>
              {token.revokedAt ? (
                <Detail term="Revoked">
                  <DateTime date={token.revokedAt} />
                  <span className="text-muted-foreground">
                    {" "}
                    <RevokedBy token={token} />
                  </span>
                </Detail>
              ) : null}
              {token.exposure ? (
                <Detail term="Found exposed">
                  <DateTime date={token.exposure.at} />
                  <span className="text-muted-foreground">
                    {" "}
                    on <ExposureLocation exposure={token.exposure} />
                  </span>
                </Detail>
              ) : null}
            </dl>
          </CardContent>
        </Card>

        {editable ? (
          <Card>
            <CardHeader>
              <CardTitle>Settings</CardTitle>
              <CardDescription>
                Changes apply to the next request made with this token.
              </CardDescription>
            </CardHeader>
            <CardContent>
              <EditTokenForm
                tokenId={token.id}
                initialValues={tokenFormValuesFromSummary(token)}
                readOnlyFields={expiredReadOnlyFields(token.expiresAt, clock.now())}
                lifetimePolicy={lifetimePolicy}
                domains={domains}
              />
            </CardContent>
          </Card>
        ) : null}
      </div>

      <AccessAdvisor
        usage={usage}
        token={token}
        editable={editable}
        readOnlyFields={expiredReadOnlyFields(token.expiresAt, clock.now())}
        lifetimePolicy={lifetimePolicy}
      />
      <TokenActivity activity={activity} tokenId={token.id} />
    </div>
  );
}

function Detail({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 sm:grid-cols-[8rem_minmax(0,1fr)] sm:gap-3">
      <dt className="text-muted-foreground">{term}</dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}

function StatusBanner({
  token,
  canManage,
  plan,
}: {
  token: TokenSummary;
  canManage: boolean;
  plan: Plan;
}) {
  if (token.status === "revoked") {
    return (
      <Alert variant="neutral">
        <AlertTitle>This token has been revoked</AlertTitle>
        <AlertDescription>
          Requests made with it are rejected. A revoked token cannot be edited or restored; its
          details and history stay here for reference.
        </AlertDescription>
      </Alert>
    );
  }
  if (token.status === "expired") {
    return (
      <Alert variant="warning">
        <AlertTitle>This token has expired</AlertTitle>
        <AlertDescription>
          Requests made with it are rejected. Expired tokens cannot be extended: create a new token
          to replace it.
          {canManage
            ? " You can still rename it, describe it or revoke it."
            : " An owner or admin can revoke it."}
        </AlertDescription>
      </Alert>
    );
  }
  if (token.status === "paused") {
    // The cheapest plan that includes the API (Pro today), from the plan table itself.
    // The cheapest plan with the API (Pro today), read from the plan table.
    const lowestApiPlan = PLANS.find(planHasApiAccess) ?? "PRO";
    return (
      <Alert variant="neutral">
        <AlertTitle>This token is paused</AlertTitle>
        <AlertDescription className="flex flex-wrap items-center justify-between gap-3">
          <p>
            Your plan ({planLabel(plan)}) doesn&apos;t include API access; this token will work
            again when you upgrade to {planLabel(lowestApiPlan)} or above.
          </p>
          <Link
            href="/settings/billing"
            className={buttonVariants({ variant: "outline", size: "sm" })}
          >
            View plans in Billing
          </Link>
        </AlertDescription>
      </Alert>
    );
  }
  if (!canManage) {
    return (
      <Alert variant="info">
        <AlertDescription className="text-foreground">
          Only owners and admins can edit or revoke tokens.
        </AlertDescription>
      </Alert>
    );
  }
  return null;
}
