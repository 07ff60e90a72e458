import { type Kysely, sql } from 'kysely'
import type { Tx, UnitOfWork } from '../../domain/shared/unit-of-work.js'
import { createStores } from '../stores/index.js'
import type { Db } from './database.js'
import type { Database } from './schema.js'

const MAX_ATTEMPTS = 8

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

export const createUnitOfWork = (db: Db): UnitOfWork => {
  const inTransaction = <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
    if (db.kind === 'postgres') return db.kysely.transaction().execute((trx) => work(createStores(trx, db.kind)))
    // SQLite: BEGIN IMMEDIATE takes the write lock up front, so a transaction
    // never fails half-way when upgrading from read to write.
    return db.kysely.connection().execute(async (conn: Kysely<Database>) => {
      await sql`begin immediate`.execute(conn)
      try {
        const result = await work(createStores(conn, db.kind))
        await sql`commit`.execute(conn)
        return result
      } catch (error) {
        await sql`rollback`.execute(conn)
        throw error
      }
    })
  }

  const readStores = createStores(db.reader, db.kind)

  return {
    async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await inTransaction(work)
        } catch (error) {
          if (attempt >= MAX_ATTEMPTS || !isTransient(error)) throw error
          await backoff(attempt)
        }
      }
    },
    read: (work) => work(readStores),
  }
}
