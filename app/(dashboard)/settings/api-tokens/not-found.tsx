import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { KeyIcon } from "@/components/ui/icons";

export default function TokenNotFound() {
  return (
    <Card className="items-center gap-3 px-6 py-14 text-center">
      <span className="flex size-11 items-center justify-center rounded-full bg-muted text-muted-foreground">
        <KeyIcon className="size-5" />
      </span>
      <h1 className="font-semibold text-lg">Token not found</h1>
      <p className="max-w-md text-muted-foreground text-sm">
        This token does not exist in your organization. It may belong to another organization, or
        the link may be mistyped.
      </p>
      <Link
        href="/settings/api-tokens"
        className={buttonVariants({ variant: "outline", className: "mt-2" })}
      >
        Back to API tokens
      </Link>
    </Card>
  );
}
