import { type Kysely, sql } from 'kysely'
import type { Unit } from '../../domain/contacts/contacts.js'
import type { UnitStore } from '../../domain/contacts/contacts.store.js'
import type { DomainEvent, EventStore } from '../../domain/shared/events.js'
import type { UnitOfWork } from '../../domain/shared/unit-of-work.js'
import { createUnitStore } from '../stores/contacts.store.js'
import { createEventStore } from '../stores/events.store.js'
import { createStores, type Stores } from '../stores/index.js'
import type { Db } from './database.js'
import type { Database } from './schema.js'
import { runDirectly } from './statement.js'

const MAX_ATTEMPTS = 8
/** Units of work committed together at most; bounds the wait of the last one. */
const MAX_BATCH = 256
/** How long a process trusts its copy of an account's units (created with the account, rarely after). */
const UNITS_TTL_MS = 5_000

/** Errors that a fresh attempt of the same transaction can succeed after. */
export const isTransient = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false
  const code = (error as { code?: unknown }).code
  return (
    code === '40001' || // serialization_failure
    code === '40P01' || // deadlock_detected
    code === '23505' || // unique_violation: a concurrent writer got there first
    code === 'SQLITE_BUSY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  )
}

const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** attempt))

/**
 * Each account's units, kept for a few seconds: every ledger request needs
 * them, and they change only when a unit is created (which drops the
 * account's copy in this process). The cache learns only committed state:
 * a transaction's read fills it once that transaction has committed, and a
 * transaction that creates a unit reads its own from then on.
 */
const createUnitCache = () => {
  const cache = new Map<number, { units: Unit[]; until: number }>()
  const within = (storeOf: () => UnitStore) => {
    let created = false
    const learned = new Map<number, Unit[]>()
    const changed = new Set<number>()
    const units: UnitStore = {
      async list(accountId) {
        const hit = created ? undefined : cache.get(accountId)
        if (hit && hit.until > Date.now()) return hit.units
        const list = await storeOf().list(accountId)
        if (!created) learned.set(accountId, list)
        return list
      },
      async create(input) {
        created = true
        learned.clear()
        changed.add(input.accountId)
        cache.delete(input.accountId)
        return storeOf().create(input)
      },
    }
    /** Called once the transaction's writes are committed (or it only read). */
    const committed = () => {
      const until = Date.now() + UNITS_TTL_MS
      for (const [accountId, list] of learned) cache.set(accountId, { units: list, until })
      // A concurrent reader may have cached the list from before this commit.
      for (const accountId of changed) cache.delete(accountId)
    }
    return { units, committed }
  }
  return { within }
}

interface Pending {
  readonly work: (tx: Stores) => Promise<unknown>
  readonly resolve: (value: unknown) => void
  readonly reject: (error: unknown) => void
  attempts: number
}

export interface UnitOfWorkOptions {
  /** Told of each transient conflict (a deadlock, a raced unique key) before its unit runs again. */
  readonly onRetry?: (error: unknown) => void
  /** Told of the events a unit of work appended, once its transaction has committed. */
  readonly onCommitted?: (events: readonly DomainEvent[]) => void
  /** Told how many units one SQLite group commit committed together. */
  readonly onGroupCommit?: (units: number) => void
}

export const createUnitOfWork = (db: Db, options: UnitOfWorkOptions = {}): UnitOfWork<Stores> => {
  const onRetry = options.onRetry ?? (() => {})
  const { onCommitted, onGroupCommit } = options
  const unitCache = createUnitCache()
  const storesOf = (conn: Kysely<Database>): { tx: Stores; committed: () => void } => {
    const { units, committed: unitsCommitted } = unitCache.within(() => createUnitStore(conn))
    if (!onCommitted) return { tx: createStores(conn, db.kind, { units }), committed: unitsCommitted }
    // The events the unit appends are told once they are committed, never for a unit rolled back.
    const appended: DomainEvent[] = []
    const outbox = createEventStore(conn, db.kind)
    const events: EventStore = {
      append: (event) => {
        appended.push(event)
        return outbox.append(event)
      },
    }
    const committed = () => {
      unitsCommitted()
      if (appended.length > 0) onCommitted(appended)
    }
    return { tx: createStores(conn, db.kind, { units, events }), committed }
  }

  const withRetries = async <T>(attempt: () => Promise<T>): Promise<T> => {
    for (let n = 1; ; n++) {
      try {
        return await attempt()
      } catch (error) {
        if (n >= MAX_ATTEMPTS || !isTransient(error)) throw error
        onRetry(error)
        await backoff(n)
      }
    }
  }

  const read = async <T>(work: (tx: Stores) => Promise<T>): Promise<T> => {
    const { tx, committed } = storesOf(db.reader)
    const result = await work(tx)
    committed()
    return result
  }

  if (db.kind === 'postgres') {
    // PostgreSQL already shares one WAL flush between commits that arrive together.
    const hold = db.hold
    if (!hold) throw new Error('a PostgreSQL database holds its connections')
    const attempt = async <T>(work: (tx: Stores) => Promise<T>): Promise<T> => {
      const connection = await hold()
      let open = false
      let broken = false
      try {
        await connection.command('begin')
        open = true
        const stores = storesOf(connection.kysely)
        const result = await work(stores.tx)
        open = false
        await connection.command('commit')
        stores.committed()
        return result
      } catch (error) {
        if (open) {
          try {
            await connection.command('rollback')
          } catch {
            broken = true
          }
        }
        throw error
      } finally {
        connection.release(broken)
      }
    }
    return { run: (work) => withRetries(() => attempt(work)), read }
  }

  /*
   * SQLite group commit. The database has one writer and a durable commit
   * costs an fsync, so the units of work that arrive together share one
   * transaction: each runs inside its own savepoint (a failure rolls back
   * that savepoint only, and a transient conflict runs that unit again
   * after the others), the batch commits once, and no caller hears of its
   * result before that commit is on disk. A batch that cannot commit is
   * rolled back whole and every unit in it runs again.
   */
  const queue: Pending[] = []
  let scheduled = false
  let running = false

  /** Runs a unit again later, when its failure may not repeat (or was not its own). */
  const retryOrReject = (p: Pending, error: unknown, own = true) => {
    if (p.attempts < MAX_ATTEMPTS && (!own || isTransient(error))) {
      if (own) onRetry(error)
      p.attempts++
      queue.push(p)
    } else p.reject(error)
  }

  const runBatch = async (conn: Kysely<Database>) => {
    // The batch holds the writer connection: its hot statements, and its own transaction control, run on it directly.
    const writerRunner = db.writerRunner
    if (writerRunner) runDirectly(conn, writerRunner)
    const control = async (text: string) => {
      if (writerRunner) writerRunner(text, [])
      else await sql.raw(text).execute(conn)
    }
    const done: { p: Pending; result: unknown; committed: () => void }[] = []
    let batchError: unknown = null
    await control('begin immediate')
    try {
      while (queue.length > 0 && done.length < MAX_BATCH) {
        const p = queue.shift() as Pending
        const { tx, committed } = storesOf(conn)
        await control('savepoint uow')
        try {
          const result = await p.work(tx)
          await control('release uow')
          done.push({ p, result, committed })
        } catch (error) {
          try {
            await control('rollback to uow')
            await control('release uow')
          } catch (rollbackError) {
            // The statement's failure ended the whole transaction: the batch is lost.
            batchError = rollbackError
            retryOrReject(p, error)
            break
          }
          retryOrReject(p, error)
        }
      }
      if (batchError === null) await control('commit')
    } catch (error) {
      batchError = error
    }
    if (batchError !== null) {
      await control('rollback').catch(() => undefined)
      for (const { p } of done) retryOrReject(p, batchError, false)
      return
    }
    onGroupCommit?.(done.length)
    for (const { p, result, committed } of done) {
      committed()
      p.resolve(result)
    }
  }

  const flush = async () => {
    scheduled = false
    running = true
    try {
      await db.kysely.connection().execute(runBatch)
    } catch (error) {
      // BEGIN failed (another process holds the write lock past the busy timeout): nothing ran.
      for (const p of queue.splice(0)) retryOrReject(p, error, false)
      if (queue.length > 0) await backoff(1)
    } finally {
      running = false
      schedule()
    }
  }

  function schedule() {
    if (scheduled || running || queue.length === 0) return
    scheduled = true
    // After the I/O callbacks of this turn, so every request that arrived with this one joins its batch.
    setImmediate(() => void flush())
  }

  return {
    run<T>(work: (tx: Stores) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject, attempts: 1 })
        schedule()
      })
    },
    read,
  }
}
