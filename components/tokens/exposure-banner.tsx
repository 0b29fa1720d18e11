"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { RelativeTime } from "@/components/time/relative-time";
import { ExposureLocation } from "@/components/tokens/exposure";
import { tokenDetailsHref } from "@/components/tokens/tokens-columns";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { LoaderIcon } from "@/components/ui/icons";
import { dismissExposureNoticesAction } from "@/lib/actions/exposure-notices";
import { countOf } from "@/lib/plural";
import type { ExposureNotices } from "@/lib/services/tokens/exposure-notices";

const DISMISS_FAILED_MESSAGE = "The notice could not be dismissed. Please try again.";

/**
 * Tells an owner or admin which tokens were found in public, and where, until they dismiss
 * it (for themselves, on the server, so it stays dismissed in every browser).
 */
export function ExposureBanner({ notices }: { notices: ExposureNotices }) {
  const router = useRouter();
  const form = useActionForm(dismissExposureNoticesAction, {
    failureMessage: DISMISS_FAILED_MESSAGE,
    onSuccess: () => router.refresh(),
  });
  const { tokens, total, newestAt } = notices;
  if (!newestAt) return null;
  const more = total - tokens.length;

  return (
    <div className="mb-6 grid gap-2" data-testid="exposure-banner">
      <Alert variant="destructive" role="region" aria-labelledby="exposure-banner-title">
        <AlertTitle id="exposure-banner-title">
          {total === 1
            ? "An API token was found exposed in public"
            : `${countOf(total, "API token")} were found exposed in public`}
        </AlertTitle>
        <AlertDescription className="grid gap-3">
          <ul className="grid gap-1.5">
            {tokens.map((token) => (
              <li key={token.id}>
                <Link
                  href={tokenDetailsHref(token.id)}
                  className="rounded-sm font-medium text-foreground underline underline-offset-2"
                >
                  {token.name}
                </Link>{" "}
                <code className="font-mono text-xs">…{token.lastFour}</code> was found on{" "}
                <ExposureLocation exposure={token.exposure} />,{" "}
                <RelativeTime date={token.exposure.at} />.
              </li>
            ))}
            {more > 0 ? <li>And {countOf(more, "other token")}.</li> : null}
          </ul>
          <p>
            {total === 1 ? "It no longer works" : "They no longer work"}: MailShield revokes a token
            found in public at once. Remove it from where it was found and give its integration a
            new token.
          </p>
          <div>
            <Button
              type="button"
              variant="outline"
              size="sm"
              disabled={form.isPending}
              onClick={() => form.submit({ through: newestAt.toISOString() })}
            >
              {form.isPending ? <LoaderIcon aria-hidden="true" /> : null}
              Dismiss
            </Button>
          </div>
        </AlertDescription>
      </Alert>
      <FormError message={form.formError} />
    </div>
  );
}
