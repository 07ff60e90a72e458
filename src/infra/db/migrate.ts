import { type Migration, type MigrationProvider, Migrator } from 'kysely'
import type { Db } from './database.js'
import { initial } from './migrations/0001-initial.js'
import { leatCore } from './migrations/0002-leat-core.js'
import { leatMoney } from './migrations/0003-leat-money.js'
import { webhooks } from './migrations/0004-webhooks.js'
import { pegke } from './migrations/0005-pegke.js'
import { westfieldVisitors } from './migrations/0006-westfield-visitors.js'
import { westfieldEngagement } from './migrations/0007-westfield-engagement.js'
import { orderedReads } from './migrations/0008-ordered-reads.js'
import { visitorCounts } from './migrations/0009-visitor-counts.js'

const migrations: Record<string, Migration> = {
  '0001-initial': initial(),
  '0002-leat-core': leatCore(),
  '0003-leat-money': leatMoney(),
  '0004-webhooks': webhooks(),
  '0005-pegke': pegke(),
  '0006-westfield-visitors': westfieldVisitors(),
  '0007-westfield-engagement': westfieldEngagement(),
  '0008-ordered-reads': orderedReads(),
  '0009-visitor-counts': visitorCounts(),
}

const provider: MigrationProvider = { getMigrations: async () => migrations }

/** Brings the schema to the latest version; returns the names of the migrations applied. */
export const migrateToLatest = async (db: Db): Promise<string[]> => {
  // Name the schema of the bookkeeping tables: without it Kysely looks for them
  // in every schema and takes another schema's tables for its own. Migrations
  // of independent modules may land in any order, so a database that has a
  // later one still takes an earlier one it lacks.
  const migrator = new Migrator({
    db: db.kysely,
    provider,
    allowUnorderedMigrations: true,
    ...(db.schema ? { migrationTableSchema: db.schema } : {}),
  })
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest()
    if (!error) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
    if (attempt < 5 && isOtherSchemaGone(error, db.schema)) continue
    throw error instanceof Error ? error : new Error(String(error))
  }
}

/**
 * Before migrating, Kysely lists the tables of every schema it may use; on
 * PostgreSQL a schema that another process drops meanwhile (a finished test
 * run's) fails that listing with `invalid_schema_name`. Nothing was migrated
 * then (PostgreSQL migrates in one transaction), so it is tried again.
 */
const isOtherSchemaGone = (error: unknown, own: string | undefined): boolean =>
  typeof error === 'object' &&
  error !== null &&
  'code' in error &&
  error.code === '3F000' &&
  !(own !== undefined && error instanceof Error && error.message.includes(`"${own}"`))
