import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { isPostgresUrl } from '../../src/infra/db/database.js'

export type TestDbKind = 'sqlite' | 'postgres'

/** The databases every store and API suite runs against: SQLite always, PostgreSQL when DATABASE_URL names one. */
export const databaseKinds = (): TestDbKind[] => (isPostgresUrl(process.env.DATABASE_URL) ? ['sqlite', 'postgres'] : ['sqlite'])

export interface TestDatabase {
  readonly kind: TestDbKind
  /** Environment for a server or CLI process that should use this database. */
  readonly env: Record<string, string>
  drop(): Promise<void>
}

/** A fresh, empty database: a temporary SQLite directory, or a new PostgreSQL schema. */
export const freshDatabase = (kind: TestDbKind): TestDatabase => {
  const dataDir = mkdtempSync(join(tmpdir(), 'punchcard-test-'))
  if (kind === 'sqlite') {
    return {
      kind,
      // Empty values override a DATABASE_URL inherited by a child process.
      env: { DATA_DIR: dataDir, DATABASE_URL: '', DATABASE_SCHEMA: '' },
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    }
  }
  const url = process.env.DATABASE_URL ?? ''
  const schema = `t_${randomBytes(6).toString('hex')}`
  return {
    kind,
    env: { DATA_DIR: dataDir, DATABASE_URL: url, DATABASE_SCHEMA: schema },
    async drop() {
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      await client.query(`drop schema if exists ${schema} cascade`)
      await client.end()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
