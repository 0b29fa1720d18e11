"use client";

import type * as React from "react";

// Placeholder with the contract the invitations work fills in: the members page renders it
// in its header for members who may manage members.
export function InviteMemberButton(): React.ReactNode {
  return null;
}
