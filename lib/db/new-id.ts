// Ids for rows written by raw SQL (Prisma makes cuids for the rows it writes): random, 32
// lowercase hex characters, so that like a cuid they fit in a URL or a word match as they are.
import { randomUUID } from "node:crypto";

export function newId(): string {
  return randomUUID().replaceAll("-", "");
}
