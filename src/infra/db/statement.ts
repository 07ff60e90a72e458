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
  execute(db: Kysely<Database>, parameters: readonly unknown[]): Promise<R[]>
}

export const statement = <R>(kind: DbKind, text: string): Statement<R> => {
  let n = 0
  const compiled = kind === 'postgres' ? text.replace(/\?/g, () => `$${++n}`) : text
  return {
    async execute(db, parameters) {
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
