"use client";

import type * as React from "react";
import { useCallback, useRef, useState } from "react";
import { type RequestConfirmation, SudoContext } from "@/components/forms/sudo-context";
import { ConfirmIdentityDialog } from "./confirm-identity-dialog";

/**
 * Gives every form of the dashboard the "Confirm it's you" dialog (useActionForm opens it
 * when an action answers `sudo_required`). One dialog for the page; a second request while
 * it is open takes it over, and the first is answered "not confirmed".
 */
export function SudoProvider({ children }: { children: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const pending = useRef<((confirmed: boolean) => void) | null>(null);

  const settle = useCallback((confirmed: boolean) => {
    pending.current?.(confirmed);
    pending.current = null;
    setOpen(false);
  }, []);

  const request = useCallback<RequestConfirmation>(
    () =>
      new Promise<boolean>((resolve) => {
        pending.current?.(false);
        pending.current = resolve;
        setOpen(true);
      }),
    [],
  );

  return (
    <SudoContext.Provider value={request}>
      {children}
      <ConfirmIdentityDialog
        open={open}
        onConfirmed={() => settle(true)}
        onDismiss={() => settle(false)}
      />
    </SudoContext.Provider>
  );
}
