"use client";

import type * as React from "react";
import { useEffect, useRef, useState } from "react";
import { cn } from "@/lib/utils";

/**
 * A box that scrolls sideways when its content is too wide (a table on a narrow window).
 * While it actually overflows it is a named, focusable region, so keyboard users can
 * scroll it with the arrow keys (WCAG 2.1.1; axe scrollable-region-focusable); when
 * everything fits it is a plain box and no extra Tab stop.
 */
export function ScrollRegion({
  className,
  label,
  labelledBy,
  ...props
}: React.ComponentProps<"div"> & { label?: string; labelledBy?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [overflowing, setOverflowing] = useState(false);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setOverflowing(element.scrollWidth > element.clientWidth + 1);
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    measure();
    return () => observer.disconnect();
  }, []);

  return (
    <div
      ref={ref}
      className={cn("overflow-x-auto", className)}
      {...(overflowing
        ? { tabIndex: 0, role: "region", "aria-label": label, "aria-labelledby": labelledBy }
        : {})}
      {...props}
    />
  );
}
