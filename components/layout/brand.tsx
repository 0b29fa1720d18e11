import Link from "next/link";
import { ShieldIcon } from "@/components/ui/icons";
import { cn } from "@/lib/utils";

export function Brand({
  href = "/",
  compact = false,
  className,
}: {
  href?: string;
  /** Hide the word mark on narrow screens, where the header needs the room. */
  compact?: boolean;
  className?: string;
}) {
  return (
    <Link
      href={href}
      className={cn(
        "inline-flex items-center gap-2 rounded-md font-semibold text-[15px] tracking-tight",
        className,
      )}
    >
      <span className="flex size-7 items-center justify-center rounded-md bg-primary text-primary-foreground">
        <ShieldIcon className="size-4" />
      </span>
      <span className={cn(compact && "max-sm:sr-only")}>MailShield</span>
    </Link>
  );
}
