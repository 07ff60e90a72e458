import { sql } from 'kysely'
import type { StoredEvent } from '../../domain/shared/events.js'
import type { Db } from '../db/database.js'
import { storedEventOf } from '../stores/events.store.js'

export interface EventBatch {
  readonly events: StoredEvent[]
  /** Every event with an id at or below it is in `events` or was in an earlier batch. */
  readonly watermark: number
}

export interface EventReader {
  /** The id the stream starts after when nothing was delivered before. */
  head(): Promise<number>
  /** Committed events after `afterId`, in id order, stopping before a gap that may still fill. */
  readAfter(afterId: number, limit: number): Promise<EventBatch>
}

/** How long a gap is held at least (an id can be taken a moment before its transaction gets an xid), and at most. */
const GAP_MIN_MS = 250
const GAP_MAX_MS = 10_000

/**
 * Reads committed events from the outbox in id order.
 *
 * On SQLite one writer commits at a time, so ids become visible in order. On
 * PostgreSQL a transaction can take id 10 and commit after another took and
 * committed id 11: reading "after the last id" would then skip 10 forever.
 * So a gap in the ids holds the reader back until it is certain no
 * transaction that could still commit the missing id is running: every
 * transaction that had started when the gap was seen has ended (the
 * snapshot's xmin has passed the xmax noted then). Gaps left by rolled-back
 * transactions are passed that way within moments; a gap is never held
 * longer than GAP_MAX_MS.
 */
export const createEventReader = (db: Db, now: () => number = Date.now): EventReader => {
  const gaps = new Map<number, { seenAt: number; xmax: bigint }>()

  const snapshot = async (): Promise<{ xmin: bigint; xmax: bigint }> => {
    const { rows } = await sql<{ xmin: string; xmax: string }>`
      select pg_snapshot_xmin(pg_current_snapshot())::text as xmin, pg_snapshot_xmax(pg_current_snapshot())::text as xmax
    `.execute(db.reader)
    const row = rows[0]
    if (!row) throw new Error('no snapshot')
    return { xmin: BigInt(row.xmin), xmax: BigInt(row.xmax) }
  }

  const gapIsFinal = async (missing: number): Promise<boolean> => {
    const at = now()
    const gap = gaps.get(missing)
    if (!gap) {
      gaps.set(missing, { seenAt: at, xmax: (await snapshot()).xmax })
      return false
    }
    if (at - gap.seenAt >= GAP_MAX_MS) return true
    if (at - gap.seenAt < GAP_MIN_MS) return false
    return (await snapshot()).xmin >= gap.xmax
  }

  return {
    async head() {
      const r = await db.reader
        .selectFrom('events')
        .select((eb) => eb.fn.max('id').as('max'))
        .executeTakeFirst()
      return Number(r?.max ?? 0)
    },
    async readAfter(afterId, limit) {
      const rows = await db.reader.selectFrom('events').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute()
      const events: StoredEvent[] = []
      let watermark = afterId
      for (const r of rows) {
        if (db.kind === 'postgres' && r.id !== watermark + 1) {
          if (!(await gapIsFinal(watermark + 1))) break
          gaps.delete(watermark + 1)
        }
        events.push(storedEventOf(r))
        watermark = r.id
      }
      for (const missing of gaps.keys()) if (missing <= watermark) gaps.delete(missing)
      return { events, watermark }
    },
  }
}
