"use client";

import type * as React from "react";
import { type DomainChoice, DomainsField } from "@/components/tokens/domains-field";
import { ExpirationHint, ExpirationPresets } from "@/components/tokens/expiration-hint";
import { PermissionsField } from "@/components/tokens/permissions-field";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { MAX_IP_ALLOWLIST_ENTRIES, parseIpAllowlist } from "@/lib/auth/ip-allowlist";
import {
  latestAllowedExpirationDate,
  type TokenLifetimePolicy,
} from "@/lib/auth/token-lifetime-policy";
import { cn } from "@/lib/utils";
import {
  TOKEN_DESCRIPTION_MAX_LENGTH as DESCRIPTION_MAX_LENGTH,
  TOKEN_NAME_MAX_LENGTH as NAME_MAX_LENGTH,
} from "@/lib/validations/token";
import type { TokenFormValues } from "@/lib/validations/token-form";

export type TokenFormField = keyof TokenFormValues;

export function tokenFieldId(idPrefix: string, field: TokenFormField): string {
  return `${idPrefix}-${field}`;
}

interface TokenFormFieldsProps {
  /** Distinguishes the ids of the create dialog's fields from the edit form's. */
  idPrefix: string;
  values: TokenFormValues;
  onChange: (field: TokenFormField, value: string) => void;
  errors: Partial<Record<string, string[]>>;
  /** Earliest selectable expiration date, "YYYY-MM-DD" (tomorrow in UTC). */
  minExpirationDate: string;
  /** The organization's maximum token lifetime in days, when it has one. */
  lifetimePolicy?: TokenLifetimePolicy;
  disabled?: boolean;
  /**
   * Fields shown but not editable, each with the reason shown in place of its hint (an
   * expired token's date and allowlist). They are still submitted, unchanged.
   */
  readOnlyFields?: Partial<Record<TokenFormField, string>>;
  /** A template's word on where such a token is called from, under the allowlist's hint. */
  allowlistSuggestion?: string;
  /** The organization's domains, for the Domains choice; without them it is not offered. */
  domains?: readonly DomainChoice[];
}

// Read-only fields look settled rather than broken: muted, no focus ring of an input.
const READ_ONLY_CLASS = "read-only:bg-muted/60 read-only:text-muted-foreground";

/**
 * Name, Description, Permissions, IP Allowlist and Expiration Date: the fields shared by the create
 * dialog and the edit form, so both validate and explain the same way. Fields are
 * controlled: the parent owns the values, which therefore survive a failed submit.
 */
export function TokenFormFields({
  idPrefix,
  values,
  onChange,
  errors,
  minExpirationDate,
  lifetimePolicy = null,
  disabled,
  readOnlyFields = {},
  allowlistSuggestion,
  domains,
}: TokenFormFieldsProps) {
  const maxExpirationDate =
    lifetimePolicy === null ? null : latestAllowedExpirationDate(lifetimePolicy);
  const field = (name: TokenFormField) => ({
    id: tokenFieldId(idPrefix, name),
    name,
    value: values[name],
    disabled,
    readOnly: readOnlyFields[name] !== undefined || undefined,
    onChange: (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      onChange(name, event.target.value),
  });
  const allowlistReadOnly = readOnlyFields.ipAllowlist;
  const expirationReadOnly = readOnlyFields.expiresOn;

  return (
    <div className="grid gap-5">
      <FormField
        id={tokenFieldId(idPrefix, "name")}
        label="Name"
        required
        error={errors.name}
        showAllErrors
        labelAside={<CharacterCount value={values.name.trim()} max={NAME_MAX_LENGTH} />}
        hint={
          <>
            Use a descriptive name that says where the token is used, such as{" "}
            <q>GitHub Actions - Deploy</q> or <q>Terraform - Production</q>.
          </>
        }
      >
        <Input
          {...field("name")}
          required
          autoComplete="off"
          spellCheck={false}
          placeholder="GitHub Actions - Deploy"
        />
      </FormField>

      <FormField
        id={tokenFieldId(idPrefix, "description")}
        label="Description"
        optional
        error={errors.description}
        showAllErrors
        hint={`What the token is for and who to ask about it. Up to ${DESCRIPTION_MAX_LENGTH} characters.`}
        labelAside={
          <CharacterCount
            value={values.description.replace(/\r\n?/g, "\n").trim()}
            max={DESCRIPTION_MAX_LENGTH}
          />
        }
      >
        <Textarea {...field("description")} rows={2} className="min-h-16" />
      </FormField>

      <PermissionsField
        idPrefix={idPrefix}
        value={values.scopes}
        onChange={(scopes) => onChange("scopes", scopes)}
        error={errors.scopes}
        disabled={disabled}
      />

      {domains ? (
        <DomainsField
          idPrefix={idPrefix}
          value={values.domainIds}
          onChange={(domainIds) => onChange("domainIds", domainIds)}
          domains={domains}
          error={errors.domainIds}
          disabled={disabled}
        />
      ) : null}

      <FormField
        id={tokenFieldId(idPrefix, "ipAllowlist")}
        label="IP Allowlist"
        optional
        error={errors.ipAllowlist}
        showAllErrors
        hint={
          allowlistReadOnly ?? (
            <>
              IPv4 or IPv6 addresses and CIDR ranges, separated by commas, spaces or new lines (up
              to {MAX_IP_ALLOWLIST_ENTRIES}). A range must start at its network address:{" "}
              <code className="font-mono">198.51.100.0/24</code>, not{" "}
              <code className="font-mono">198.51.100.7/24</code>. Leave empty to allow requests from
              any IP.
              {allowlistSuggestion ? (
                <span className="mt-1 block font-medium text-foreground">
                  {allowlistSuggestion}
                </span>
              ) : null}
            </>
          )
        }
        footer={
          errors.ipAllowlist?.length || allowlistReadOnly ? null : (
            <AllowlistSummary input={values.ipAllowlist} />
          )
        }
      >
        <Textarea
          {...field("ipAllowlist")}
          rows={3}
          spellCheck={false}
          autoComplete="off"
          placeholder={
            allowlistReadOnly ? "Any IP address" : "203.0.113.50\n198.51.100.0/24\n2001:db8::/32"
          }
          className={cn("min-h-20 font-mono text-[13px]", READ_ONLY_CLASS)}
        />
      </FormField>

      <FormField
        id={tokenFieldId(idPrefix, "expiresOn")}
        label="Expiration Date"
        // Under a lifetime policy a token must expire, except one made before it (read-only).
        optional={lifetimePolicy === null || Boolean(expirationReadOnly)}
        required={lifetimePolicy !== null && !expirationReadOnly}
        error={errors.expiresOn}
        showAllErrors
        hint={
          expirationReadOnly ?? (
            <ExpirationHint
              value={values.expiresOn}
              minDate={minExpirationDate}
              maxDate={maxExpirationDate}
              policy={lifetimePolicy}
            />
          )
        }
        hintLive
        footer={
          expirationReadOnly ? null : (
            <ExpirationPresets
              value={values.expiresOn}
              policy={lifetimePolicy}
              disabled={disabled}
              onSelect={(value) => onChange("expiresOn", value)}
            />
          )
        }
      >
        <Input
          {...field("expiresOn")}
          type="date"
          min={expirationReadOnly ? undefined : minExpirationDate}
          max={expirationReadOnly ? undefined : (maxExpirationDate ?? undefined)}
          className={cn("w-44", READ_ONLY_CLASS)}
        />
      </FormField>
    </div>
  );
}

/**
 * Characters used, shown from 80% of the limit on. The fields have no maxLength: a browser
 * would cut a long paste without a word, so the excess stays visible here (announced) and
 * the schema refuses it on submit, with everything typed kept.
 */
function CharacterCount({ value, max }: { value: string; max: number }) {
  const over = value.length - max;
  const near = value.length >= max * 0.8;
  return (
    <span
      aria-live="polite"
      className={cn(
        "text-muted-foreground text-xs tabular-nums",
        over > 0 && "font-medium text-destructive",
      )}
    >
      {near ? `${value.length}/${max}` : ""}
      {over > 0 ? ` · ${over} too many` : ""}
    </span>
  );
}

/** What the allowlist will be saved as, while it parses; errors are shown on submit. */
function AllowlistSummary({ input }: { input: string }) {
  if (input.trim() === "") return null;
  const parsed = parseIpAllowlist(input);
  if (!("entries" in parsed)) return null;
  return (
    <p className="text-muted-foreground text-xs">
      Saved as {parsed.entries.length} {parsed.entries.length === 1 ? "entry" : "entries"}:{" "}
      <span className="break-all font-mono text-foreground/80">
        {parsed.entries.slice(0, 6).join(", ")}
        {parsed.entries.length > 6 ? `, and ${parsed.entries.length - 6} more` : ""}
      </span>
    </p>
  );
}
