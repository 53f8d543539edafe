// Output of an export page as UTF-8 bytes, written piece by piece into one buffer.

export interface ExportWriter {
  write(text: string): void;
  /** `"text"` with every `"` doubled: an RFC 4180 quoted cell, without copying the text first. */
  writeQuoted(text: string): void;
}

const QUOTE = 0x22;

/**
 * Collects a page as UTF-8, piece by piece. Measured: encoding each piece into one buffer
 * costs about a third of encoding the page as one string, because a page of lines is a deep
 * rope that must be flattened, and one curly quote makes all of it two-byte.
 */
export class PageWriter implements ExportWriter {
  private buffer = Buffer.allocUnsafe(64 * 1024);
  private length = 0;

  write(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    this.reserve(text.length * 3);
    this.length += this.buffer.write(text, this.length, "utf8");
  }

  writeQuoted(text: string): void {
    this.reserve(text.length * 6 + 2);
    const buffer = this.buffer;
    buffer[this.length++] = QUOTE;
    const start = this.length;
    const end = start + buffer.write(text, start, "utf8");
    let quotes = 0;
    for (let i = start; i < end; i++) if (buffer[i] === QUOTE) quotes++;
    // Spread the bytes from the back, doubling each quote: nothing is overwritten before it
    // has moved. 0x22 never occurs inside a multi-byte UTF-8 sequence.
    let to = end + quotes;
    this.length = to;
    for (let from = end - 1; quotes > 0; from--) {
      const byte = buffer[from]!;
      buffer[--to] = byte;
      if (byte === QUOTE) {
        buffer[--to] = QUOTE;
        quotes--;
      }
    }
    buffer[this.length++] = QUOTE;
  }

  /** The bytes written since the last take; the next page starts in a buffer of the same size. */
  take(): Uint8Array {
    const bytes = this.buffer.subarray(0, this.length);
    this.buffer = Buffer.allocUnsafe(this.buffer.length);
    this.length = 0;
    return bytes;
  }

  private reserve(bytes: number): void {
    const needed = this.length + bytes;
    if (needed <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}
