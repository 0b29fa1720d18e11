"use client";

import type * as React from "react";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "@/components/ui/select";
import { cn } from "@/lib/utils";

// The labelled fields of the Access Logs filter bar.

/** A labelled select over a fixed list of options; it applies as soon as one is chosen. */
export function OptionSelect({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  onChange: (value: string) => void;
}) {
  return (
    // Select renders no element of its own: the field wraps its trigger, the one control.
    <Select value={value} onValueChange={onChange}>
      <FormField id={id} label={label}>
        <SelectTrigger>
          <SelectValue />
        </SelectTrigger>
      </FormField>
      <SelectContent>
        {options.map((option) => (
          <SelectItem key={option.value} value={option.value}>
            {option.label}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}

/** A labelled text input with its error (FormField). `wide` spans two columns of the bar. */
export function TextFilter({
  id,
  label,
  error,
  wide = false,
  ...props
}: Omit<React.ComponentProps<typeof Input>, "id"> & {
  id: string;
  label: string;
  error?: string;
  wide?: boolean;
}) {
  return (
    <FormField
      id={id}
      label={label}
      error={error}
      className={cn("content-start", wide && "sm:col-span-2")}
    >
      <Input {...props} />
    </FormField>
  );
}
