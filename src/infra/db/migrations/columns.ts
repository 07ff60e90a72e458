import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely'
import { sql } from 'kysely'

export type Table = CreateTableBuilder<string, never>

/**
 * What every migration needs to write one schema for both databases: the
 * integer type, the id column (SQLite's rowid alias or an identity column)
 * and the usual column constraints, chosen from the live connection.
 */
export interface Columns {
  readonly pgdb: boolean
  readonly big: 'bigint' | 'integer'
  /** Adds the `id` primary key. */
  id(t: Table): Table
  notNull(c: ColumnDefinitionBuilder): ColumnDefinitionBuilder
  /** A required reference to `table.id`. */
  ref(table: string): (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder
  /** An optional reference to `table.id`. */
  optionalRef(table: string): (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder
}

const isPostgres = async (db: Kysely<unknown>): Promise<boolean> => {
  try {
    await sql`select version()`.execute(db)
    return true
  } catch {
    return false
  }
}

export const columnsFor = async (db: Kysely<unknown>): Promise<Columns> => {
  const pgdb = await isPostgres(db)
  return {
    pgdb,
    big: pgdb ? 'bigint' : 'integer',
    id: (t) =>
      pgdb
        ? t.addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
        : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()),
    notNull: (c) => c.notNull(),
    ref: (table) => (c) => c.notNull().references(`${table}.id`),
    optionalRef: (table) => (c) => c.references(`${table}.id`),
  }
}
