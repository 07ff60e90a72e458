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

/**
 * The migrator of this database. Its bookkeeping tables live in the
 * application's schema, the only one its introspector lists
 * (`introspector.ts`). Migrations of independent modules may land in any
 * order, so a database that has a later one still takes an earlier one it
 * lacks.
 */
const migratorOf = (db: Db): Migrator =>
  new Migrator({
    db: db.kysely,
    provider,
    allowUnorderedMigrations: true,
    ...(db.schema ? { migrationTableSchema: db.schema } : {}),
  })

/** Brings the schema to the latest version; returns the names of the migrations applied. */
export const migrateToLatest = async (db: Db): Promise<string[]> => {
  const { error, results } = await migratorOf(db).migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/** The migrations this server knows that the database has not run yet (readiness wants none). */
export const pendingMigrations = async (db: Db): Promise<string[]> =>
  (await migratorOf(db).getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name)
