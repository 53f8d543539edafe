// Request bodies are read with a size cap, so an oversized body is refused with 413 before
// it is buffered whole.
import { AppError, ErrorCode } from "@/lib/errors";

export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(contentType)) {
    throw new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json");
  }
  const text = await readBodyText(request, maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError(ErrorCode.BAD_REQUEST, "The body is not valid JSON");
  }
}

/** An application/x-www-form-urlencoded body as a plain object (the last value of a repeated name wins). */
export async function readFormBody(
  request: Request,
  maxBytes: number,
): Promise<Record<string, string>> {
  const text = await readBodyText(request, maxBytes);
  return Object.fromEntries(new URLSearchParams(text));
}

function tooLarge(maxBytes: number): AppError {
  return new AppError(
    ErrorCode.PAYLOAD_TOO_LARGE,
    `The body is larger than ${Math.round(maxBytes / 1024)} KB`,
  );
}
