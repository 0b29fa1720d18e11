import type { Metadata } from "next";
import { cookies } from "next/headers";
import { UnverifiedNotice } from "@/components/account/unverified-notice";
import { TokenInsightsNotice } from "@/components/logs/token-insights";
import { CreateTokenButton, CreateTokenProvider } from "@/components/tokens/create-token-dialog";
import { LifetimePolicyProvider } from "@/components/tokens/lifetime-policy-flag";
import { TokenPolicySection } from "@/components/tokens/token-policy-section";
import { TokensTable } from "@/components/tokens/tokens-table";
import { UnusedTokenPolicySection } from "@/components/tokens/unused-token-policy-section";
import { UpgradeNotice } from "@/components/tokens/upgrade-notice";
import { UsingYourToken } from "@/components/tokens/using-your-token";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { memberPrincipal } from "@/lib/auth/principal";
import { forbiddenMessage } from "@/lib/permissions";
import { planHasApiAccess, planLabel } from "@/lib/plans";
import {
  attentionCauses,
  DISMISSED_ATTENTION_COOKIE,
  isAttentionDismissed,
  tokensNeedingAttention,
} from "@/lib/rules/insight-attention";
import { holds } from "@/lib/services/authorize";
import { listDomainChoices } from "@/lib/services/domains/domains";
import { getTokenInsights } from "@/lib/services/logs/insights";
import { lifetimePolicyReport } from "@/lib/services/organizations/token-lifetime-policy";
import { getUnusedTokenPolicy } from "@/lib/services/organizations/unused-token-policy";
import { listTokens } from "@/lib/services/tokens";
import { requireSessionContext } from "@/lib/session/session";

export const metadata: Metadata = { title: "API Tokens" };

export default async function ApiTokensPage() {
  const session = await requireSessionContext();
  const { organization, user } = session;
  const principal = memberPrincipal(session, null);
  const context = { principal, organizationId: organization.id };
  const [tokens, insightsByToken, lifetimePolicy, domains, unusedPolicy] = await Promise.all([
    listTokens(context),
    getTokenInsights(context),
    lifetimePolicyReport(principal, organization.id),
    listDomainChoices(context),
    getUnusedTokenPolicy(principal, organization.id),
  ]);
  const insights = Object.fromEntries(insightsByToken);
  const attention = tokensNeedingAttention(insightsByToken, tokens);
  const attentionDismissed = isAttentionDismissed(
    (await cookies()).get(DISMISSED_ATTENTION_COOKIE)?.value,
    user.id,
    attentionCauses(attention),
  );
  const hasApiAccess = planHasApiAccess(organization.plan);
  const canManage = holds(principal, organization.id, "tokens:write");
  // Creating needs a verified address (the service refuses otherwise); the page says so.
  const awaitsVerification = hasApiAccess && canManage && !user.emailVerified;
  const canCreate = hasApiAccess && canManage && user.emailVerified;

  const content = (
    // grid-cols-1 (minmax(0, 1fr)): a wide child (a table, a code sample) fits the window
    // or scrolls inside itself instead of widening the page.
    <div className="grid grid-cols-1 gap-6">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1">
          <h1 className="font-semibold text-2xl tracking-tight">API Tokens</h1>
          <p className="max-w-2xl text-muted-foreground text-sm">
            Tokens let scripts and integrations use the MailShield API on behalf of{" "}
            {organization.name}. Each token is shown once when created; restrict it to known IP
            addresses and give it an expiration date where you can.
          </p>
        </div>
        {canCreate ? <CreateTokenButton primary /> : null}
      </header>

      {hasApiAccess ? null : <UpgradeNotice planName={planLabel(organization.plan)} />}
      {awaitsVerification ? <UnverifiedNotice action="create API tokens" /> : null}
      {hasApiAccess && !canManage ? (
        <Alert variant="info">
          <AlertDescription className="text-foreground">
            You can view this organization&apos;s tokens. Only owners and admins can create, edit or
            revoke them.
          </AlertDescription>
        </Alert>
      ) : null}

      {attentionDismissed ? null : <TokenInsightsNotice groups={attention} />}

      <section aria-label="Tokens">
        <LifetimePolicyProvider report={lifetimePolicy}>
          <TokensTable
            tokens={tokens}
            canManage={canManage}
            hasApiAccess={hasApiAccess}
            insights={insights}
          />
        </LifetimePolicyProvider>
      </section>

      {/* Owners look for the organization's token rules next to its tokens. */}
      <section aria-labelledby="token-policy-title">
        {/* Without API access no token can be made, so the policy is shown, not edited. */}
        <TokenPolicySection
          policy={lifetimePolicy.policy}
          canManage={hasApiAccess && holds(principal, organization.id, "policies:manage")}
          forbiddenReason={
            hasApiAccess
              ? forbiddenMessage("policies:manage")
              : `It applies to new tokens, which the ${planLabel(organization.plan)} plan doesn't include: upgrade to set it.`
          }
          beyondPolicyCount={lifetimePolicy.tokenIdsBeyond.length}
        />
      </section>
      <section aria-labelledby="unused-token-policy-title">
        <UnusedTokenPolicySection
          policy={unusedPolicy}
          canManage={holds(principal, organization.id, "policies:manage")}
          forbiddenReason={forbiddenMessage("policies:manage")}
        />
      </section>

      {hasApiAccess ? <UsingYourToken /> : null}
    </div>
  );

  return canCreate ? (
    <CreateTokenProvider lifetimePolicy={lifetimePolicy.policy} domains={domains}>
      {content}
    </CreateTokenProvider>
  ) : (
    content
  );
}
