import { randomUUID } from "node:crypto";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { memberPrincipal, type ServiceContext, type UserPrincipal } from "@/lib/auth/principal";
import { getRequestIp } from "@/lib/auth/request-ip";
import { AppError, isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { Permission } from "@/lib/permissions";
import { assertHolds } from "@/lib/services/authorize";
import { isConfirmationFresh, SUDO_REQUIRED_MESSAGE } from "@/lib/services/sessions/sudo";
import {
  requireActionContext,
  requireSignedInUser,
  type SessionContext,
  type SignedInUser,
} from "@/lib/session/session";
import { fieldErrorsFromZodError, INVALID_INPUT_MESSAGE } from "@/lib/validations/forms";
import { illFormedTextErrors } from "@/lib/validations/well-formed-text";
import {
  type ActionFailure,
  type ActionInput,
  type FormAction,
  formValuesOf,
  isActionInput,
} from "./result";

// The one wrapper every server action is defined with. In order: the shape of the input (a
// form or a plain object, else refused before anything else is read), the session (unless
// the action is public), the permission, validation of the input with the action's schema,
// sudo mode for a sensitive action (a confirmation within 15 minutes), then the handler; whatever goes wrong becomes an ActionFailure the form can show, and each call
// leaves one log line (name, outcome, duration; never the input).

export const UNEXPECTED_FAILURE_MESSAGE = "Something went wrong. Please try again.";

interface ActionOptionsBase<Schema extends z.ZodType> {
  /** Names the action in log lines, e.g. "tokens.create". */
  name: string;
  /** Validates the input (a form's text fields, as an object); the handler gets its output. */
  schema: Schema;
  /** The top-of-form message for input the schema refuses. */
  invalidMessage?: string;
  /** The message for an unexpected failure: say what did not happen. */
  failureMessage?: string;
}

/** Whether a call needs sudo mode, decided on its validated input (e.g. a token's scopes). */
export type SudoPredicate<Input> = (context: {
  input: Input;
  session: SessionContext;
}) => boolean | Promise<boolean>;

/**
 * Who may call an action: a member of the current organization (the default), any signed-in
 * person, with or without a membership (accepting an invitation), or anyone (sign-up,
 * password reset).
 */
export type ActionAccess = "member" | "signed-in" | "anyone";

/** A signed-in member's action, optionally limited to the roles holding `permission`. */
export interface MemberActionOptions<Schema extends z.ZodType> extends ActionOptionsBase<Schema> {
  access?: "member";
  permission?: Permission;
  /**
   * A sensitive action: refused with `sudo_required` (the form then asks "Confirm it's
   * you" and sends the same input again) unless the person signed in or confirmed within
   * 15 minutes. `true` always; a predicate for actions sensitive only for some inputs.
   */
  sudo?: true | SudoPredicate<z.output<Schema>>;
  /**
   * Open while the current organization requires two-factor authentication and the user
   * has none: their own account's settings (setting it up) and switching organization.
   */
  beforeTwoFactorSetup?: true;
}

/**
 * An action of any signed-in person (`access: "signed-in"`, given the person) or of anyone
 * (`access: "anyone"`, no session read or required).
 */
export interface PersonActionOptions<
  Schema extends z.ZodType,
  Access extends "signed-in" | "anyone",
> extends ActionOptionsBase<Schema> {
  access: Access;
  permission?: never;
  sudo?: never;
  beforeTwoFactorSetup?: never;
}

export interface ActionContext<Input, Session> {
  input: Input;
  session: Session;
  /**
   * The signed-in member acting in their current organization, as the services take it:
   * the principal carries the IP and what the session read (role, plan), so a service's read
   * is judged without a query. Null for an action that is not a member's.
   */
  ctx: Session extends SessionContext ? ServiceContext<UserPrincipal> : null;
  /** The client's IP, for audit events and rate limits. */
  ip: string | null;
}

/** What a handler returns on success: the data for the form and an optional message. */
export interface ActionSuccess<T> {
  data: T;
  message?: string;
}

type Handler<Schema extends z.ZodType, Session, T> = (
  context: ActionContext<z.output<Schema>, Session>,
) => Promise<ActionSuccess<T>>;

export function defineAction<Schema extends z.ZodType, T>(
  options: PersonActionOptions<Schema, "anyone">,
  handler: Handler<Schema, null, T>,
): FormAction<T>;
export function defineAction<Schema extends z.ZodType, T>(
  options: PersonActionOptions<Schema, "signed-in">,
  handler: Handler<Schema, SignedInUser, T>,
): FormAction<T>;
export function defineAction<Schema extends z.ZodType, T>(
  options: MemberActionOptions<Schema>,
  handler: Handler<Schema, SessionContext, T>,
): FormAction<T>;
export function defineAction<Schema extends z.ZodType, T>(
  options: PersonActionOptions<Schema, "signed-in" | "anyone"> | MemberActionOptions<Schema>,
  handler:
    | Handler<Schema, null, T>
    | Handler<Schema, SignedInUser, T>
    | Handler<Schema, SessionContext, T>,
): FormAction<T> {
  // The overloads pair each kind of access with the session its handler gets.
  const run = handler as Handler<Schema, SessionContext | SignedInUser | null, T>;
  const access: ActionAccess = options.access ?? "member";
  return async (raw) => {
    const started = performance.now();
    const log = logger().child({ action: options.name });
    const elapsed = () => Math.round(performance.now() - started);
    if (!isActionInput(raw)) {
      log.info({ outcome: "malformed", durationMs: elapsed() }, "action refused its input");
      return failure({}, options.invalidMessage ?? INVALID_INPUT_MESSAGE);
    }
    const input = inputObject(raw);

    try {
      const person = access === "signed-in" ? await requireSignedInUser() : null;
      const session =
        access === "member"
          ? await requireActionContext({ beforeTwoFactorSetup: options.beforeTwoFactorSetup })
          : null;
      if (session && options.permission) {
        assertHolds(memberPrincipal(session, null), session.organization.id, options.permission);
      }

      const parsed = options.schema.safeParse(input);
      // What passes is valid Unicode too: a forged call can send lone surrogates.
      const fieldErrors = parsed.success
        ? illFormedTextErrors(parsed.data, "form")
        : fieldErrorsFromZodError(parsed.error);
      if (!parsed.success || fieldErrors) {
        log.info({ outcome: "invalid", durationMs: elapsed() }, "action refused its input");
        return failure(input, options.invalidMessage ?? INVALID_INPUT_MESSAGE, {
          fieldErrors: fieldErrors ?? {},
        });
      }

      const { sudo } = options;
      if (session && sudo && !isConfirmationFresh(session.confirmedAt)) {
        const sensitive = sudo === true || (await sudo({ input: parsed.data, session }));
        if (sensitive) throw new AppError("sudo_required", SUDO_REQUIRED_MESSAGE);
      }

      const ip = await getRequestIp();
      const ctx = session && memberContext(session, ip);
      const success = await run({ input: parsed.data, session: session ?? person, ctx, ip });
      log.info({ outcome: "ok", durationMs: elapsed() }, "action completed");
      return {
        ok: true,
        data: success.data,
        ...(success.message ? { message: success.message } : {}),
      };
    } catch (error) {
      // redirect() and notFound() work by throwing; they are the action's answer, not a failure.
      unstable_rethrow(error);
      if (isAppError(error)) {
        const refused = error.code === "unauthorized" || error.code === "forbidden";
        log[refused ? "warn" : "info"](
          { outcome: error.code, durationMs: elapsed() },
          "action refused",
        );
        // The one refusal the form idiom answers by itself (the Confirm it's you dialog).
        const code = error.code === "sudo_required" ? error.code : undefined;
        return failure(input, error.message, { fieldErrors: error.fieldErrors, code });
      }
      // Only what an operator needs to find the failure: never the input, which may hold a
      // password, and never a created token (it only ever travels in the return value).
      const errorId = randomUUID();
      log.error({ errorId, error: errorSummary(error), durationMs: elapsed() }, "action failed");
      return failure(input, options.failureMessage ?? UNEXPECTED_FAILURE_MESSAGE);
    }
  };
}

function memberContext(session: SessionContext, ip: string | null): ServiceContext<UserPrincipal> {
  return { principal: memberPrincipal(session, ip), organizationId: session.organization.id };
}

function failure(
  input: Record<string, unknown>,
  message: string,
  details: { fieldErrors?: ActionFailure["fieldErrors"]; code?: ActionFailure["code"] } = {},
): ActionFailure {
  return {
    ok: false,
    message,
    fieldErrors: details.fieldErrors ?? {},
    values: formValuesOf(input),
    ...(details.code ? { code: details.code } : {}),
  };
}

/** A form's entries as an object: text fields as strings, a repeated field as a list. */
function inputObject(input: ActionInput): Record<string, unknown> {
  if (!(input instanceof FormData)) return input;
  const object: Record<string, unknown> = {};
  for (const name of new Set(input.keys())) {
    const texts = input.getAll(name).filter((value) => typeof value === "string");
    if (texts.length > 0) object[name] = texts.length === 1 ? texts[0] : texts;
  }
  return object;
}

function errorSummary(error: unknown) {
  if (!(error instanceof Error)) return { value: String(error) };
  const { name, message, stack } = error;
  return { name, message, code: (error as { code?: unknown }).code, stack };
}
