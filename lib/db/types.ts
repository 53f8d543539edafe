import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

/** A Prisma client inside an interactive transaction. */
export type Tx = Prisma.TransactionClient;
/** Either the client or a transaction: for helpers that work in both. */
export type DbClient = PrismaClient | Tx;
