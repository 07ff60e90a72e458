import { CompiledQuery, type Kysely } from 'kysely'
import type { DbKind } from './kind.js'
import type { Database } from './schema.js'

/**
 * A hot-path statement written once as SQL with `?` placeholders (numbered
 * `$1, $2...` for PostgreSQL) and run without going through the query
 * builder: the few statements every ledger request runs skip building and
 * compiling, and each database keeps them prepared.
 */
export interface Statement<R> {
  /** The text sent to the database (placeholders numbered for PostgreSQL). */
  readonly text: string
  execute(db: Kysely<Database>, parameters: readonly unknown[]): Promise<R[]>
}

/** Runs a statement on the connection it was bound to, answering its rows (at once on SQLite). */
export type DirectRunner = (text: string, parameters: readonly unknown[]) => unknown[] | Promise<unknown[]>

const runners = new WeakMap<Kysely<Database>, DirectRunner>()

/**
 * Lets hot statements on `db` skip Kysely's per-query work (building a
 * query, taking the connection, a few promise turns). Only for a Kysely
 * instance whose statements may all go to the runner's connection: on
 * SQLite, whose driver is synchronous, the writer inside a batch and the
 * reader, which only reads; on PostgreSQL a transaction's held connection,
 * and the pool outside transactions.
 */
export const runDirectly = (db: Kysely<Database>, runner: DirectRunner): void => {
  runners.set(db, runner)
}

export const statement = <R>(kind: DbKind, text: string): Statement<R> => {
  let n = 0
  const compiled = kind === 'postgres' ? text.replace(/\?/g, () => `$${++n}`) : text
  return {
    text: compiled,
    async execute(db, parameters) {
      const runner = runners.get(db)
      if (runner) return runner(compiled, parameters) as R[] | Promise<R[]>
      return (await db.executeQuery<R>(CompiledQuery.raw(compiled, [...parameters]))).rows
    },
  }
}

/** The statements of a store, prepared for each kind of database once. */
export const statementsFor = <S>(build: (kind: DbKind) => S): ((kind: DbKind) => S) => {
  const byKind = new Map<DbKind, S>()
  return (kind) => {
    let found = byKind.get(kind)
    if (!found) {
      found = build(kind)
      byKind.set(kind, found)
    }
    return found
  }
}
