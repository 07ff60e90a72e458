import { CompiledQuery, type Kysely } from 'kysely'
import type { DbKind } from './database.js'
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

/** Runs a statement at once on the connection it was bound to, answering its rows. */
export type DirectRunner = (text: string, parameters: readonly unknown[]) => unknown[]

const runners = new WeakMap<Kysely<Database>, DirectRunner>()

/**
 * Lets hot statements on `db` skip Kysely's per-query work (building a
 * query, taking the connection, a few promise turns): SQLite's driver is
 * synchronous, so a statement can run as soon as it is asked for. Only for
 * a Kysely instance that owns its connection while it is used: the writer
 * inside a batch, or the reader, which only reads.
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
      if (runner) return runner(compiled, parameters) as R[]
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
