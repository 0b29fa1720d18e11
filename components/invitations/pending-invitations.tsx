import type * as React from "react";

// Placeholder with the contract the invitations work fills in: the members page renders it
// below the members table.
export async function PendingInvitations(_props: {
  organizationId: string;
  canManage: boolean;
}): Promise<React.ReactNode> {
  return null;
}
