import { Alert, AlertTitle } from "@/components/ui/alert";

/** A form's error that belongs to no single field, announced as an alert; nothing without one. */
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <Alert variant="destructive">
      <AlertTitle>{message}</AlertTitle>
    </Alert>
  );
}
