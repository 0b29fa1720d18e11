"use client";

import type { Table } from "@tanstack/react-table";
import type * as React from "react";
import { tokensLabel } from "@/components/tokens/bulk-revoke-dialog";
import { focusDisplayed } from "@/components/tokens/list-focus";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import type { TokenSummary } from "@/lib/services/tokens";

/**
 * Selection controls for owners and admins: "select all shown" (the table has it in its
 * header; the stacked form shows no header row, so it is here below 48rem), how many are
 * selected, and the bulk Revoke.
 */
export function SelectionBar({
  table,
  selected,
  onRevoke,
  bulkButtonRef,
}: {
  table: Table<TokenSummary>;
  selected: TokenSummary[];
  onRevoke: () => void;
  bulkButtonRef: React.Ref<HTMLButtonElement>;
}) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      {/* biome-ignore lint/a11y/noLabelWithoutControl: the checkbox is inside the label */}
      <label className="flex items-center gap-2 text-sm md:hidden">
        <SelectAllCheckbox table={table} />
        Select all shown
      </label>
      {/* Always present, so the count is announced as it changes. */}
      <span className="text-sm tabular-nums" role="status">
        {selected.length > 0 ? `${selected.length} selected` : ""}
      </span>
      {selected.length > 0 ? (
        <>
          <Button
            variant="ghost"
            size="sm"
            onClick={() => {
              table.resetRowSelection();
              // This button goes away with the selection; focus stays in the list.
              focusDisplayed("[data-select-all]");
            }}
          >
            Clear selection
          </Button>
          <Button
            ref={bulkButtonRef}
            variant="outline"
            size="sm"
            className="border-destructive/40 text-destructive hover:bg-destructive/10 hover:text-destructive"
            onClick={onRevoke}
          >
            Revoke {tokensLabel(selected.length)}…
          </Button>
        </>
      ) : null}
    </div>
  );
}

/**
 * Selects or clears every token the filters show that can still be revoked ("some" when
 * only part of them is selected); disabled when none can.
 */
export function SelectAllCheckbox({
  table,
  ...props
}: { table: Table<TokenSummary> } & React.ComponentProps<typeof Checkbox>) {
  const selectable = table.getRowModel().rows.some((row) => row.getCanSelect());
  return (
    <Checkbox
      data-select-all
      checked={selectable && table.getIsAllPageRowsSelected()}
      indeterminate={table.getIsSomePageRowsSelected()}
      disabled={!selectable}
      onChange={table.getToggleAllPageRowsSelectedHandler()}
      {...props}
    />
  );
}
