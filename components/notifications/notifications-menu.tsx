"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { Popover } from "radix-ui";
import { useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { RelativeTime } from "@/components/time/relative-time";
import { tokenDetailsHref } from "@/components/tokens/tokens-columns";
import { Button } from "@/components/ui/button";
import { BellIcon, LoaderIcon } from "@/components/ui/icons";
import { markNotificationsReadAction } from "@/lib/actions/notifications";
import { countOf } from "@/lib/plural";
import type { NotificationList } from "@/lib/services/notifications/list-notifications";
import { cn } from "@/lib/utils";

const MARK_READ_FAILED_MESSAGE = "The notifications could not be marked read. Please try again.";

/**
 * The header's bell: how many notifications are unread, and the newest ones in a popover
 * (keyboard: Enter opens it and moves focus in, Escape closes it and returns focus).
 */
export function NotificationsMenu({ notifications }: { notifications: NotificationList }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const form = useActionForm(markNotificationsReadAction, {
    failureMessage: MARK_READ_FAILED_MESSAGE,
    onSuccess: () => router.refresh(),
  });
  const { items, unread } = notifications;
  const label = unread > 0 ? `Notifications, ${unread} unread` : "Notifications";

  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild>
        <Button type="button" variant="ghost" size="icon" className="relative" aria-label={label}>
          <BellIcon />
          {unread > 0 ? (
            <span
              aria-hidden="true"
              data-testid="notifications-unread"
              className="absolute top-1 right-1 grid h-4 min-w-4 place-items-center rounded-full bg-destructive px-1 font-semibold text-[10px] text-destructive-foreground leading-none"
            >
              {unread > 99 ? "99+" : unread}
            </span>
          ) : null}
        </Button>
      </Popover.Trigger>
      <Popover.Content
        align="end"
        sideOffset={6}
        collisionPadding={8}
        aria-label="Notifications"
        className="z-50 w-[min(24rem,calc(100vw-1rem))] rounded-lg border bg-card text-card-foreground shadow-lg focus:outline-none"
      >
        <div className="flex items-center justify-between gap-2 border-b px-4 py-2.5">
          <h2 className="font-semibold text-sm">Notifications</h2>
          {unread > 0 ? (
            <Button
              type="button"
              variant="ghost"
              size="sm"
              disabled={form.isPending}
              onClick={() => form.submit({})}
            >
              {form.isPending ? <LoaderIcon aria-hidden="true" /> : null}
              Mark all read
            </Button>
          ) : null}
        </div>
        {items.length === 0 ? (
          <p className="px-4 py-6 text-center text-muted-foreground text-sm">
            No notifications yet. You will be told here when a token is found exposed or is about to
            expire.
          </p>
        ) : (
          <ul
            className="max-h-[min(24rem,70dvh)] divide-y overflow-y-auto"
            aria-label={countOf(items.length, "notification")}
          >
            {items.map((item) => (
              <li
                key={item.id}
                className={cn("grid gap-1 px-4 py-3 text-sm", !item.read && "bg-accent/40")}
              >
                <div className="flex items-start gap-2">
                  {item.read ? null : (
                    <span
                      aria-hidden="true"
                      className="mt-1.5 size-2 shrink-0 rounded-full bg-brand"
                    />
                  )}
                  <Link
                    href={tokenDetailsHref(item.tokenId)}
                    onClick={() => setOpen(false)}
                    className="rounded-sm font-medium underline-offset-2 hover:underline"
                  >
                    {item.read ? null : <span className="sr-only">Unread: </span>}
                    {item.title}
                  </Link>
                </div>
                <div className="flex items-center justify-between gap-2 text-muted-foreground text-xs">
                  <RelativeTime date={item.createdAt} />
                  {item.read ? null : (
                    <Button
                      type="button"
                      variant="link"
                      size="sm"
                      className="h-auto px-0"
                      disabled={form.isPending}
                      onClick={() => form.submit({ id: item.id })}
                    >
                      Mark read
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
        <div className="px-4 empty:hidden">
          <FormError message={form.formError} />
        </div>
      </Popover.Content>
    </Popover.Root>
  );
}
