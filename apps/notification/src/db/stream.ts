import { storable } from "../domain/text";
import type { PrismaClient, Tx } from "./client";

/** Postgres channel every replica LISTENs on; the payload names the audience and its new seq. */
export const STREAM_CHANNEL = "notification_stream";

export type StreamKind = "notification" | "reservation.status";

export interface StreamRow {
  seq: bigint;
  kind: string;
  data: unknown;
}

/**
 * Appends to an audience's live-push stream inside the caller's transaction. The upsert on
 * stream_heads takes a row lock held until commit, so the next append for the same audience waits:
 * sequence numbers are gap-free and become visible in order, which is what lets a reader resume
 * from `Last-Event-ID` without missing anything. NOTIFY is sent on commit (and not on rollback).
 * Call it last in the transaction to keep the lock short.
 *
 * One statement (head, event and NOTIFY): an event fans out to several audiences, and each
 * round trip to PostgreSQL is the larger part of the cost here (docs/decisions/0091).
 */
export async function appendToStream(tx: Tx, audience: string, kind: StreamKind, data: unknown): Promise<bigint> {
  const rows = await tx.$queryRaw<{ seq: bigint }[]>`
    WITH head AS (
      INSERT INTO stream_heads (audience, last_seq) VALUES (${audience}, 1)
      ON CONFLICT (audience) DO UPDATE SET last_seq = stream_heads.last_seq + 1
      RETURNING last_seq
    ), appended AS (
      INSERT INTO stream_events (audience, seq, kind, data, created_at)
      SELECT ${audience}, last_seq, ${kind}, ${JSON.stringify(storable(data))}::jsonb, now() FROM head
      RETURNING seq
    )
    SELECT appended.seq FROM appended,
      -- in FROM, not in the select list: pg_notify returns void, which the client cannot decode
      LATERAL pg_notify(${STREAM_CHANNEL}, json_build_object('a', ${audience}::text, 's', appended.seq::text)::text) AS notified`;
  return BigInt(rows[0]!.seq);
}

export async function streamHead(prisma: PrismaClient, audience: string): Promise<bigint> {
  const head = await prisma.streamHead.findUnique({ where: { audience } });
  return head?.lastSeq ?? 0n;
}

export async function readStream(prisma: PrismaClient, audience: string, afterSeq: bigint, limit: number): Promise<StreamRow[]> {
  return prisma.streamEvent.findMany({
    where: { audience, seq: { gt: afterSeq } },
    orderBy: { seq: "asc" },
    take: limit,
    select: { seq: true, kind: true, data: true },
  });
}

/** Retention: live-push events older than the cut-off can no longer be resumed. */
export async function pruneStream(prisma: PrismaClient, olderThan: Date): Promise<number> {
  const { count } = await prisma.streamEvent.deleteMany({ where: { createdAt: { lt: olderThan } } });
  return count;
}
