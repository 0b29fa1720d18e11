"use client";

import { useFormStatus } from "react-dom";
import { Button } from "@/components/ui/button";
import { LoaderIcon, LogOutIcon } from "@/components/ui/icons";
import { signOutAction } from "@/lib/actions/auth";

function SubmitButton() {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant="ghost" size="sm" disabled={pending}>
      {pending ? <LoaderIcon /> : <LogOutIcon />}
      Sign out
    </Button>
  );
}

/** A form, not a click handler, so signing out also works before JavaScript has loaded. */
export function SignOutButton() {
  return (
    <form action={signOutAction}>
      <SubmitButton />
    </form>
  );
}
