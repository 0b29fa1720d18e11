import type * as React from "react";
import {
  AlertCircleIcon,
  AlertTriangleIcon,
  CheckCircleIcon,
  InfoIcon,
} from "@/components/ui/icons";
import { cn } from "@/lib/utils";

const ALERT_VARIANTS = {
  info: {
    className: "border-brand/25 bg-brand/5 text-foreground [&>svg]:text-brand",
    Icon: InfoIcon,
  },
  success: {
    className: "border-success/30 bg-success/5 text-foreground [&>svg]:text-success",
    Icon: CheckCircleIcon,
  },
  warning: {
    className: "border-warning/40 bg-warning/5 text-foreground [&>svg]:text-warning",
    Icon: AlertTriangleIcon,
  },
  destructive: {
    className: "border-destructive/30 bg-destructive/5 text-foreground [&>svg]:text-destructive",
    Icon: AlertCircleIcon,
  },
  neutral: { className: "bg-card text-foreground [&>svg]:text-muted-foreground", Icon: InfoIcon },
} as const;

export type AlertVariant = keyof typeof ALERT_VARIANTS;

/**
 * A callout box. Errors are announced assertively (role="alert"); other variants use
 * role="status" so screen readers read them without interrupting.
 */
export function Alert({
  className,
  variant = "neutral",
  icon = true,
  role,
  children,
  ...props
}: React.ComponentProps<"div"> & { variant?: AlertVariant; icon?: boolean }) {
  const { className: variantClassName, Icon } = ALERT_VARIANTS[variant];
  return (
    <div
      role={role ?? (variant === "destructive" ? "alert" : "status")}
      className={cn(
        "relative grid w-full grid-cols-[0_1fr] items-start gap-y-0.5 rounded-lg border px-4 py-3 text-sm",
        icon && "grid-cols-[1rem_1fr] gap-x-3 [&>svg]:mt-0.5 [&>svg]:size-4",
        variantClassName,
        className,
      )}
      {...props}
    >
      {icon ? <Icon /> : null}
      {children}
    </div>
  );
}

export function AlertTitle({ className, ...props }: React.ComponentProps<"div">) {
  return <div className={cn("col-start-2 font-medium leading-5", className)} {...props} />;
}

export function AlertDescription({ className, ...props }: React.ComponentProps<"div">) {
  return (
    <div
      className={cn("col-start-2 text-muted-foreground text-sm [&_p]:leading-relaxed", className)}
      {...props}
    />
  );
}
