import "server-only";
import type { z } from "zod";
import { VALIDATION_FAILED_MESSAGE } from "@/lib/api/responses";
import { AppError, type FieldErrors } from "@/lib/errors";
import { fieldErrorsFromIssues } from "@/lib/validations/forms";
import { illFormedTextErrors } from "@/lib/validations/well-formed-text";

/** The largest request body /api/v1 accepts. Every documented request is far smaller. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface ReadBody {
  bytes: number;
  contentType: string | null;
  text: string;
}

function payloadTooLarge(): AppError {
  return new AppError(
    "payload_too_large",
    `Request body must not exceed ${MAX_BODY_BYTES / 1024} KB`,
  );
}

/**
 * Reads the body as UTF-8 text, refusing more than MAX_BODY_BYTES. The declared
 * Content-Length is checked first so an honest large upload is refused without reading it,
 * and the actual byte count is enforced while reading so a lying or chunked one is too.
 */
export async function readBodyText(req: Request): Promise<ReadBody> {
  const contentType = req.headers.get("content-type");
  const declared = Number(req.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw payloadTooLarge();
  if (!req.body) return { bytes: 0, contentType, text: "" };

  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw payloadTooLarge();
    }
    chunks.push(value);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError("bad_request", "Request body is not valid UTF-8");
  }
  return { bytes, contentType, text };
}

/** Parses a JSON body: 400 when it is absent or not JSON, 422 when it fails `schema`. */
export function parseJsonBody<S extends z.ZodType>(body: ReadBody, schema: S): z.output<S> {
  if (body.text.trim() === "") {
    throw new AppError("bad_request", "Request body must be a JSON object");
  }
  let json: unknown;
  try {
    json = JSON.parse(body.text);
  } catch {
    throw new AppError("bad_request", "Request body is not valid JSON");
  }
  return validate(schema, json);
}

/**
 * Validates `input` against `schema`, turning a failure into a 422 with one issue per field.
 * What passes is valid Unicode too: a text that holds a lone surrogate (JSON can spell one) is
 * a 422 naming its field, unless the schema mends it (lib/validations/well-formed-text.ts).
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalid(fieldErrorsFromIssues(result.error.issues, ""));
  const illFormed = illFormedTextErrors(result.data, "");
  if (illFormed) throw invalid(illFormed);
  return result.data;
}

function invalid(fieldErrors: FieldErrors): AppError {
  return new AppError("validation_error", VALIDATION_FAILED_MESSAGE, { fieldErrors });
}
