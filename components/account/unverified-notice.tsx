import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";

/**
 * Shown instead of a button an unverified person cannot use yet (Create Token, Invite
 * member), saying why: the server refuses the act too (lib/services/verified-address.ts).
 */
export function UnverifiedNotice({ action }: { action: string }) {
  return (
    <Alert variant="info">
      <AlertTitle>Verify your email address to {action}</AlertTitle>
      <AlertDescription className="text-foreground">
        Open the link we emailed you, or use Resend above for a new one. Until an account has proved
        its address, it cannot send invitations or hold API credentials.
      </AlertDescription>
    </Alert>
  );
}
