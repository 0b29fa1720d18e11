import type { Metadata } from "next";
import { PlanTable } from "@/components/billing/plan-table";
import { PlanBadge } from "@/components/layout/plan-badge";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { memberPrincipal } from "@/lib/auth/principal";
import { forbiddenMessage } from "@/lib/permissions";
import { planHasApiAccess } from "@/lib/plans";
import { holds } from "@/lib/services/authorize";
import { requireSessionContext } from "@/lib/session/session";

export const metadata: Metadata = { title: "Billing" };

export default async function BillingPage() {
  const session = await requireSessionContext();
  const { organization } = session;
  const canChangePlan = holds(memberPrincipal(session, null), organization.id, "billing:manage");

  return (
    <div className="grid max-w-4xl gap-6">
      <div className="grid gap-1.5">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="font-semibold text-2xl tracking-tight">Billing</h1>
          <PlanBadge plan={organization.plan} />
        </div>
        <p className="text-muted-foreground text-sm">
          {planHasApiAccess(organization.plan)
            ? "Your plan includes API access. Manage tokens under API Tokens."
            : "API access starts with the Pro plan. Upgrade to create API tokens."}
        </p>
      </div>

      <Alert variant="warning">
        <AlertTitle>Simulated billing — no payment is taken</AlertTitle>
        <AlertDescription>
          This is a demo: switching plans takes effect immediately and nothing is charged.
        </AlertDescription>
      </Alert>

      {canChangePlan ? null : (
        <Alert variant="info" id="plan-change-disabled-reason">
          <AlertDescription className="text-foreground">
            {forbiddenMessage("billing:manage")}
          </AlertDescription>
        </Alert>
      )}

      <PlanTable
        currentPlan={organization.plan}
        canChangePlan={canChangePlan}
        disabledReasonId={canChangePlan ? undefined : "plan-change-disabled-reason"}
      />
    </div>
  );
}
