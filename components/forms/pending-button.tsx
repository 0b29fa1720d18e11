import { Button, type ButtonProps } from "@/components/ui/button";
import { LoaderIcon } from "@/components/ui/icons";

interface PendingButtonProps extends ButtonProps {
  /** The form's action is running: show a spinner and `pendingLabel`. */
  pending: boolean;
  /** What the button says while the action runs, e.g. "Creating…". */
  pendingLabel: string;
}

/**
 * A form's submit (or confirm) button. While the action runs it stays focusable and in the
 * tab order (aria-disabled, not disabled, so focus is not lost and a screen reader hears
 * the new label), and says what is happening.
 */
export function PendingButton({ pending, pendingLabel, children, ...props }: PendingButtonProps) {
  return (
    <Button aria-disabled={pending || undefined} {...props}>
      {pending ? <LoaderIcon /> : null}
      {pending ? pendingLabel : children}
    </Button>
  );
}
