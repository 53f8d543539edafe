// What a server action returns to its form: success, or a message with field errors.
// Server-only (it logs); forms import the type, and IDLE from ./idle-result.
import "server-only";
import { AppError, type FieldErrors } from "@/lib/errors";
import { log } from "@/lib/log/logger";

export type ActionResult<T = null> =
  { ok: true; data: T; message?: string } | { ok: false; message: string; fields?: FieldErrors };

export async function runAction<T>(
  fn: () => Promise<T>,
  message?: string,
): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn(), message };
  } catch (error) {
    if (error instanceof AppError)
      return { ok: false, message: error.message, fields: error.fields };
    // redirect() and notFound() work by throwing; let them through.
    if (error instanceof Error && "digest" in error) throw error;
    log.error({ event: "action.error", err: error }, "unexpected error in a server action");
    return { ok: false, message: "Something went wrong on our side. Try again in a moment." };
  }
}
