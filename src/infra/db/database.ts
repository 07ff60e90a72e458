import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, type PostgresPool, type PostgresPoolClient, type SqliteDatabase, SqliteDialect, type SqliteStatement } from 'kysely'
import pg from 'pg'
import { OwnSchemaPostgresDialect } from './introspector.js'
import type { DbKind } from './kind.js'
import type { Database } from './schema.js'
import { type DirectRunner, runDirectly } from './statement.js'

export type { DbKind } from './kind.js'

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
  /**
   * SQLite: runs a statement synchronously on the writer connection. Only
   * for a Kysely instance that holds that connection (`runDirectly`).
   */
  readonly writerRunner?: DirectRunner | undefined
  /**
   * PostgreSQL: takes a connection from the pool for one transaction, with
   * a Kysely instance bound to it alone (hot statements on it run straight
   * on the driver).
   */
  readonly hold?: (() => Promise<HeldConnection>) | undefined
  /** The PostgreSQL schema everything lives in, when one was configured. */
  readonly schema?: string | undefined
  /** PostgreSQL: the pool's connections now (open, idle) and the requests waiting for one. */
  readonly pool?: (() => { total: number; idle: number; waiting: number }) | undefined
  close(): Promise<void>
}

/** A pooled PostgreSQL connection, held until `release`. */
export interface HeldConnection {
  /** Runs every query on this connection and no other. */
  readonly kysely: Kysely<Database>
  /** Runs a statement without parameters or result (`begin`, `commit`). */
  command(text: string): Promise<void>
  /** Returns the connection to the pool; a broken one is closed instead. */
  release(broken: boolean): void
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

/** Distinct statements kept prepared per connection; past it, new texts run unprepared. */
const STATEMENT_CACHE_SIZE = 500

/**
 * better-sqlite3 behind Kysely prepares every statement it runs; the same
 * texts repeat on every request, so each connection keeps its prepared
 * statements (a statement is never run twice at once: the driver is
 * synchronous and Kysely does not stream here).
 */
const cachingStatements = (sqlite: SQLite.Database): SqliteDatabase & { run: DirectRunner } => {
  const statements = new Map<string, SQLite.Statement>()
  const prepare = (text: string) => {
    let statement = statements.get(text)
    if (!statement) {
      statement = sqlite.prepare(text)
      if (statements.size < STATEMENT_CACHE_SIZE) statements.set(text, statement)
    }
    return statement
  }
  return {
    close: () => sqlite.close(),
    prepare: (text) => prepare(text) as unknown as SqliteStatement,
    // As Kysely's driver does: rows for a statement that answers rows, none for the others.
    run(text, parameters) {
      const statement = prepare(text)
      if (statement.reader) return statement.all(parameters) as unknown[]
      statement.run(parameters)
      return []
    },
  }
}

/** Statements worth keeping prepared: data statements, not DDL or the migrator's bookkeeping. */
const preparable = (text: string) => /^\s*(select|insert|update|delete|with)\b/i.test(text) && !text.includes('kysely_migration')

/**
 * The application's data statements run as named prepared statements:
 * PostgreSQL parses and plans each text once per connection instead of on
 * every request.
 */
const preparedQuery = () => {
  const names = new Map<string, string>()
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text)
    if (name === undefined && names.size < STATEMENT_CACHE_SIZE && preparable(text)) {
      name = `pc${names.size}`
      names.set(text, name)
    }
    return name
  }
  return (on: pg.Pool | pg.PoolClient, text: string, parameters: readonly unknown[]) => {
    const name = nameOf(text)
    return on.query({ ...(name === undefined ? {} : { name }), text, values: [...parameters] })
  }
}

type PreparedQuery = ReturnType<typeof preparedQuery>

/** Kysely's view of a pool whose clients run `query`'s way; `release` is what giving a client back does. */
const kyselyPool = (connect: () => Promise<pg.PoolClient>, query: PreparedQuery, release: (client: pg.PoolClient) => void): PostgresPool => ({
  async connect(): Promise<PostgresPoolClient> {
    const client = await connect()
    return {
      // Only the text form is used: the dialect is configured without a cursor, so nothing streams.
      query: ((text: string, parameters: readonly unknown[]) => query(client, text, parameters)) as unknown as PostgresPoolClient['query'],
      release: () => release(client),
    }
  },
  end: async () => {},
})

/**
 * A transaction's connection with its own Kysely instance, made once per
 * pooled client: its queries skip taking and giving back a pooled
 * connection, and its hot statements skip the query builder.
 */
const holding = (pool: pg.Pool, query: PreparedQuery): (() => Promise<HeldConnection>) => {
  const bound = new WeakMap<pg.PoolClient, Kysely<Database>>()
  const kyselyOn = (client: pg.PoolClient): Kysely<Database> => {
    let kysely = bound.get(client)
    if (!kysely) {
      // A transaction's stores may ask for several statements at once: the client runs them one after another, in order.
      let previous: Promise<unknown> = Promise.resolve()
      const inTurn = (text: string, parameters: readonly unknown[]) => {
        const next = previous.then(() => query(client, text, parameters))
        previous = next.catch(() => undefined)
        return next
      }
      const held = kyselyPool(
        async () => client,
        (_client, text, parameters) => inTurn(text, parameters),
        () => {},
      )
      kysely = new Kysely<Database>({ dialect: new OwnSchemaPostgresDialect({ pool: held }) })
      runDirectly(kysely, async (text, parameters) => (await inTurn(text, parameters)).rows)
      bound.set(client, kysely)
    }
    return kysely
  }
  return async () => {
    const client = await pool.connect()
    return {
      kysely: kyselyOn(client),
      command: async (text) => {
        await client.query(text)
      },
      release: (broken) => client.release(broken),
    }
  }
}

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
    const query = preparedQuery()
    const kysely = new Kysely<Database>({
      dialect: new OwnSchemaPostgresDialect({
        pool: kyselyPool(
          () => pool.connect(),
          query,
          (client) => client.release(),
        ),
      }),
    })
    // Outside a transaction a hot statement takes any pooled connection for itself, as Kysely would.
    runDirectly(kysely, async (text, parameters) => (await query(pool, text, parameters)).rows)
    return {
      kind: 'postgres',
      kysely,
      reader: kysely,
      hold: holding(pool, query),
      schema,
      pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      close: async () => {
        await kysely.destroy()
        await pool.end()
      },
    }
  }
  if (config.sqlitePath !== ':memory:') mkdirSync(dirname(config.sqlitePath), { recursive: true })
  const connect = () => {
    const sqlite = new SQLite(config.sqlitePath)
    sqlite.pragma('journal_mode = WAL')
    // FULL: a commit is on disk (fsync) before it is acknowledged.
    sqlite.pragma('synchronous = FULL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('busy_timeout = 5000')
    /*
     * Copy the WAL back into the database every 10,000 pages (40 MiB) rather
     * than SQLite's 1,000: the copy runs inside the commit that crosses the
     * mark, and a page written many times between two checkpoints (an index
     * leaf, a wallet) is copied once. Measured: a quarter less SQLite time
     * per earn.
     */
    sqlite.pragma('wal_autocheckpoint = 10000')
    /*
     * Temporary storage in memory. Each unit of a group commit runs in a
     * savepoint, whose journal of the pages it changed spilled to a temporary
     * file past 64 KiB: every insert paid for writing it. Measured: half the
     * time per insert, a quarter more earns a second.
     */
    sqlite.pragma('temp_store = MEMORY')
    const database = cachingStatements(sqlite)
    return { kysely: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), run: database.run }
  }
  const writer = connect()
  const { kysely } = writer
  const { kysely: reader, run: readerRunner } = connect()
  // The reader only reads, one statement at a time: hot statements run on it directly.
  runDirectly(reader, readerRunner)
  return {
    kind: 'sqlite',
    kysely,
    reader,
    writerRunner: writer.run,
    async close() {
      await reader.destroy()
      await kysely.destroy()
    },
  }
}
