import { expect } from "vitest";
import { AppError } from "@/lib/errors";

/** Awaits `promise`, expecting it to reject with an AppError of `code` (and `message`). */
export async function expectAppError(
  promise: Promise<unknown>,
  code: AppError["code"],
  message?: string,
): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected AppError ${code}, but the call succeeded`);
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (message) expect((error as AppError).message).toBe(message);
  return error as AppError;
}
