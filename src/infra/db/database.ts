import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import pg from 'pg'
import type { Database } from './schema.js'

export type DbKind = 'sqlite' | 'postgres'

export interface Db {
  readonly kind: DbKind
  /** Writes and transactional reads. */
  readonly kysely: Kysely<Database>
  /**
   * Reads outside a write transaction. On SQLite a second connection, which in
   * WAL mode reads the last committed state without waiting for the writer;
   * on PostgreSQL the same pool.
   */
  readonly reader: Kysely<Database>
  /** The PostgreSQL schema everything lives in, when one was configured. */
  readonly schema?: string | undefined
  close(): Promise<void>
}

export interface DbConfig {
  /** `postgres://...` selects PostgreSQL; anything else is the embedded SQLite file at `sqlitePath`. */
  readonly databaseUrl?: string | undefined
  /** PostgreSQL schema to work in (created when missing); used to isolate test runs. */
  readonly schema?: string | undefined
  readonly sqlitePath: string
  readonly poolSize?: number | undefined
}

// int8 (bigint) columns and COUNT/SUM results are safe integers here: amounts
// and epoch milliseconds stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v))
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v))

export const isPostgresUrl = (url: string | undefined): url is string => !!url && /^postgres(ql)?:\/\//.test(url)

export const openDatabase = async (config: DbConfig): Promise<Db> => {
  if (isPostgresUrl(config.databaseUrl)) {
    const schema = config.schema
    if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name: ${schema}`)
    if (schema) {
      const admin = new pg.Client({ connectionString: config.databaseUrl })
      await admin.connect()
      await admin.query(`create schema if not exists ${schema}`)
      await admin.end()
    }
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: config.poolSize ?? 10,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    })
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    return { kind: 'postgres', kysely, reader: kysely, schema, close: () => kysely.destroy() }
  }
  if (config.sqlitePath !== ':memory:') mkdirSync(dirname(config.sqlitePath), { recursive: true })
  const connect = () => {
    const sqlite = new SQLite(config.sqlitePath)
    sqlite.pragma('journal_mode = WAL')
    // FULL: a commit is on disk (fsync) before it is acknowledged.
    sqlite.pragma('synchronous = FULL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('busy_timeout = 5000')
    return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  }
  const kysely = connect()
  const reader = connect()
  return {
    kind: 'sqlite',
    kysely,
    reader,
    async close() {
      await reader.destroy()
      await kysely.destroy()
    },
  }
}
