import { notFound } from "next/navigation";
import { isBadInputDatabaseError } from "@/lib/db/bad-input-error";
import { AppError } from "@/lib/errors";

/**
 * For pages: a NOT_FOUND AppError (including another organization's id), or an id the
 * database cannot even look up (a NUL byte…), renders the 404 page.
 */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    if (isBadInputDatabaseError(error)) notFound();
    throw error;
  }
}

/** For `.catch()` on a page's query: input the domain refused (400/422) becomes a 404 too. */
export function notFoundOnBadInput(error: unknown): never {
  if (error instanceof AppError && error.code === "VALIDATION_FAILED") notFound();
  throw error;
}
