import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";

/**
 * What an emailed link's page says when it has nothing to ask (verified, or the link cannot
 * be used): a heading, why, and the one way on.
 */
export function LinkOutcome({
  title,
  message,
  next,
}: {
  title: string;
  message: string;
  next: { href: string; label: string };
}) {
  return (
    <div className="grid gap-6">
      <div className="grid gap-1.5">
        <h1 className="font-semibold text-2xl tracking-tight">{title}</h1>
        <p className="text-muted-foreground text-sm">{message}</p>
      </div>
      <Link href={next.href} className={buttonVariants({ variant: "brand", className: "w-full" })}>
        {next.label}
      </Link>
    </div>
  );
}
