"use client";

import { useRouter } from "next/navigation";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { ConfirmActionButton } from "@/components/security/two-factor-dialogs";
import { Badge } from "@/components/ui/badge";
import { toast } from "@/components/ui/toast";
import { setTwoFactorPolicyAction } from "@/lib/actions/two-factor";
import { countOf } from "@/lib/plural";

/**
 * The organization's policy, Require two-factor authentication: everyone sees it, owners
 * change it (audited). Members without two-factor are sent to set it up before anything
 * else here.
 */
export function TwoFactorPolicy({
  required,
  canManage,
  membersWithout,
}: {
  required: boolean;
  canManage: boolean;
  /** Members who have no two-factor yet (told before turning the policy on). */
  membersWithout: number;
}) {
  const router = useRouter();
  const form = useActionForm(setTwoFactorPolicyAction, {
    onSuccess: (result) => {
      toast({ variant: "success", title: result.message ?? "Policy saved" });
      router.refresh();
    },
  });

  return (
    <section
      aria-labelledby="two-factor-policy-heading"
      className="grid gap-3 rounded-xl border bg-card p-6 shadow-xs"
    >
      <h2 id="two-factor-policy-heading" className="font-medium text-lg">
        Organization policy
      </h2>
      <p className="text-sm">
        <span className="font-medium">Require two-factor authentication</span>{" "}
        <Badge variant={required ? "success" : "muted"}>{required ? "On" : "Off"}</Badge>
      </p>
      <p className="text-muted-foreground text-sm">
        {required
          ? "Members without two-factor authentication must set it up before they can do anything else in this organization."
          : "When on, members without two-factor authentication must set it up before they can do anything else in this organization."}
      </p>
      <FormError message={form.formError} />
      {canManage ? (
        <div>
          <ConfirmActionButton
            label={required ? "Stop requiring two-factor" : "Require two-factor authentication"}
            title={
              required
                ? "Stop requiring two-factor authentication?"
                : "Require two-factor authentication?"
            }
            description={
              required
                ? "Members will be able to work here with a password alone."
                : membersWithout > 0
                  ? `${countOf(membersWithout, "member")} without two-factor authentication will be sent to set it up at their next page.`
                  : "Every member has two-factor authentication already."
            }
            confirmLabel={required ? "Stop requiring" : "Require"}
            pending={form.isPending}
            onConfirm={() => form.submit({ requireTwoFactor: required ? "off" : "on" })}
          />
        </div>
      ) : null}
    </section>
  );
}
