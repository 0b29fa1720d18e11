"use client";

import type * as React from "react";
import { useRef } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { Input } from "@/components/ui/input";

/**
 * A secret or link shown once to be copied: a labelled read-only field that selects itself
 * when focused or clicked, with a Copy button beside it (under it on a phone). Copying
 * with the keyboard counts as copying too (`onCopied`).
 */
export function CopyField({
  id,
  label,
  value,
  copyLabel,
  onCopied,
  inputRef,
  autoFocus,
  children,
}: {
  id: string;
  label: React.ReactNode;
  value: string;
  copyLabel?: string;
  onCopied?: () => void;
  /** For a dialog that moves focus to the field itself. */
  inputRef?: React.RefObject<HTMLInputElement | null>;
  autoFocus?: boolean;
  /** Help under the field. */
  children?: React.ReactNode;
}) {
  const ownRef = useRef<HTMLInputElement>(null);
  const fieldRef = inputRef ?? ownRef;
  return (
    <div className="grid gap-1.5">
      <label htmlFor={id} className="font-medium text-sm">
        {label}
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <Input
          ref={fieldRef}
          id={id}
          readOnly
          value={value}
          spellCheck={false}
          autoComplete="off"
          autoFocus={autoFocus}
          className="font-mono text-[13px]"
          onFocus={(event) => event.currentTarget.select()}
          onClick={(event) => event.currentTarget.select()}
          onCopy={onCopied}
        />
        <CopyButton
          text={value}
          label={copyLabel}
          onCopied={onCopied}
          fallbackField={() => fieldRef.current}
        />
      </div>
      {children}
    </div>
  );
}
