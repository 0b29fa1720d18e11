"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CheckIcon, LoaderIcon, XIcon } from "@/components/ui/icons";
import { StatusMessage } from "@/components/ui/status-message";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { changePlanAction } from "@/lib/actions/billing";
import type { Plan } from "@/lib/generated/prisma/enums";
import { PLAN_DETAILS, PLANS } from "@/lib/plans";
import { cn } from "@/lib/utils";

interface PlanTableProps {
  currentPlan: Plan;
  canChangePlan: boolean;
  /** Id of the element explaining why changing is disabled, for aria-describedby. */
  disabledReasonId?: string;
}

export function PlanTable({ currentPlan, canChangePlan, disabledReasonId }: PlanTableProps) {
  const router = useRouter();
  const [requestedPlan, setRequestedPlan] = useState<Plan | null>(null);
  const [confirmPlan, setConfirmPlan] = useState<Plan | null>(null);
  const form = useActionForm(changePlanAction, {
    onSuccess: (result) => {
      toast({ title: "Plan changed", description: result.message, variant: "success" });
      router.refresh();
    },
  });
  const pendingPlan = form.isPending ? requestedPlan : null;

  function switchTo(plan: Plan) {
    setRequestedPlan(plan);
    form.submit({ plan });
  }

  function requestSwitch(plan: Plan) {
    // Losing API access breaks live integrations, so that one direction asks first.
    if (PLAN_DETAILS[currentPlan].apiAccess && !PLAN_DETAILS[plan].apiAccess) {
      setConfirmPlan(plan);
    } else {
      switchTo(plan);
    }
  }

  const currentIndex = PLANS.indexOf(currentPlan);

  return (
    <div className="grid gap-3">
      <div className="overflow-hidden rounded-xl border bg-card shadow-xs">
        <Table>
          <caption className="sr-only">Plans, with your current plan marked</caption>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead scope="col">Plan</TableHead>
              <TableHead scope="col" className="hidden sm:table-cell">
                Price
              </TableHead>
              <TableHead scope="col" className="hidden sm:table-cell">
                Domains
              </TableHead>
              <TableHead scope="col">API access</TableHead>
              <TableHead scope="col" className="text-right">
                <span className="sr-only">Action</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {PLANS.map((plan, index) => {
              const details = PLAN_DETAILS[plan];
              const isCurrent = plan === currentPlan;
              const label = index > currentIndex ? "Upgrade" : "Downgrade";
              return (
                <TableRow
                  key={plan}
                  aria-current={isCurrent ? "true" : undefined}
                  className={cn(isCurrent && "bg-brand/5 hover:bg-brand/5")}
                >
                  <TableCell className="font-medium">
                    <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                      {details.label}
                      {isCurrent ? <Badge variant="brand">Current plan</Badge> : null}
                    </div>
                    {/* Narrow screens fold price and domains into this cell. */}
                    <div className="mt-0.5 font-normal text-muted-foreground text-xs sm:hidden">
                      {details.priceLabel} · {details.domains}
                    </div>
                  </TableCell>
                  <TableCell className="hidden tabular-nums sm:table-cell">
                    {details.priceLabel}
                  </TableCell>
                  <TableCell className="hidden sm:table-cell">{details.domains}</TableCell>
                  <TableCell>
                    {details.apiAccess ? (
                      <span className="inline-flex items-center gap-1.5 text-success">
                        <CheckIcon className="size-4" />
                        <span className="text-foreground max-sm:sr-only">Included</span>
                      </span>
                    ) : (
                      <span className="inline-flex items-center gap-1.5 text-muted-foreground">
                        <XIcon className="size-4" />
                        <span className="max-sm:sr-only">Not included</span>
                      </span>
                    )}
                  </TableCell>
                  <TableCell className="text-right">
                    {isCurrent ? (
                      <span className="text-muted-foreground text-sm">Your plan</span>
                    ) : (
                      <Button
                        size="sm"
                        variant={index > currentIndex ? "default" : "outline"}
                        disabled={!canChangePlan || pendingPlan !== null}
                        aria-describedby={canChangePlan ? undefined : disabledReasonId}
                        aria-label={`${label} to ${details.label}`}
                        onClick={() => requestSwitch(plan)}
                      >
                        {pendingPlan === plan ? <LoaderIcon /> : null}
                        {label}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      <StatusMessage variant="error">{form.formError}</StatusMessage>

      <AlertDialog
        open={confirmPlan !== null}
        onOpenChange={(open) => {
          if (!open) setConfirmPlan(null);
        }}
      >
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>
              Switch to {confirmPlan ? PLAN_DETAILS[confirmPlan].label : ""}?
            </AlertDialogTitle>
            <AlertDialogDescription>
              The {confirmPlan ? PLAN_DETAILS[confirmPlan].label : ""} plan has no API access.
              Requests with your API tokens will be refused until you move back to Pro or higher.
              Your tokens are kept and work again after upgrading.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Keep {PLAN_DETAILS[currentPlan].label}</AlertDialogCancel>
            <AlertDialogAction
              variant="destructive"
              onClick={() => {
                if (confirmPlan) switchTo(confirmPlan);
              }}
            >
              Switch plan
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </div>
  );
}
