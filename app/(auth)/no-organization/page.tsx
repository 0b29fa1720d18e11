import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignOutButton } from "@/components/layout/sign-out-button";
import { DEFAULT_SIGNED_IN_PATH } from "@/lib/auth/callback-url";
import { getSignedInUser } from "@/lib/session/session";

export const metadata: Metadata = { title: "No organization" };

// Where the dashboard sends a signed-in user who belongs to no organization any more (the
// last one removed them). Outside the dashboard, so it cannot send them back here; signing
// out, or in again, still works. Once they belong to an organization again it moves on.
export default async function NoOrganizationPage() {
  const signedIn = await getSignedInUser();
  if (!signedIn) redirect("/login");
  if (signedIn.organizations.length > 0) redirect(DEFAULT_SIGNED_IN_PATH);

  return (
    <div className="grid gap-6">
      <div className="grid gap-1.5">
        <h1 className="font-semibold text-2xl tracking-tight">
          You&apos;re not a member of any organization anymore
        </h1>
        <p className="text-muted-foreground text-sm">
          You are signed in as{" "}
          <span className="break-words font-medium">{signedIn.user.email}</span>, but no
          organization counts you among its members, so there is no dashboard to show.
        </p>
      </div>
      <div className="grid gap-4 rounded-xl border bg-card p-6 text-sm shadow-xs">
        <p>
          If you were removed by mistake, ask an owner of your organization to invite you again; the
          invite link brings you straight back.
        </p>
        <SignOutButton />
      </div>
    </div>
  );
}
