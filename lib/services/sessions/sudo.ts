import { clock } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { SUDO_WINDOW_MS } from "./lifetime";

// Sudo mode: a sensitive action runs only when the person proved who they are (signed in,
// or answered "Confirm it's you") in the last 15 minutes, so a stolen session cookie or an
// unattended browser cannot mint a Full access token or take over an organization at once.
// defineAction's `sudo` option enforces it for server actions; anything else that must
// (a route, another helper's service) calls requireFreshConfirmation.

export const SUDO_REQUIRED_MESSAGE = "Confirm it's you to continue.";

/** Whether a confirmation made at `confirmedAt` still covers a sensitive action now. */
export function isConfirmationFresh(confirmedAt: Date | null | undefined): boolean {
  if (!confirmedAt) return false;
  const age = clock.ms() - confirmedAt.getTime();
  // A confirmation "from the future" (a clock set back) is not trusted either.
  return age >= 0 && age <= SUDO_WINDOW_MS;
}

/** Throws `sudo_required` unless the session's confirmation is fresh. */
export function requireFreshConfirmation(session: { confirmedAt: Date | null }): void {
  if (!isConfirmationFresh(session.confirmedAt)) {
    throw new AppError("sudo_required", SUDO_REQUIRED_MESSAGE);
  }
}
