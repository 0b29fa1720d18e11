"use client";

import { createContext, useContext } from "react";

// How a form asks the person to confirm it's them when its action answered `sudo_required`
// (sudo mode, lib/services/sessions/sudo.ts). The dashboard's SudoProvider
// (components/security/sudo-provider.tsx) supplies the dialog; without one (the sign-in
// pages, which have no sensitive actions) the answer is "not confirmed" and the form shows
// the refusal's message.

/** Opens "Confirm it's you"; resolves true once confirmed, false when dismissed. */
export type RequestConfirmation = () => Promise<boolean>;

export const SudoContext = createContext<RequestConfirmation>(async () => false);

export function useRequestConfirmation(): RequestConfirmation {
  return useContext(SudoContext);
}
