import { describe, expect, it } from 'vitest'
import { isPostgresUrl, openDatabase } from '../../src/infra/db/database.js'
import { migrateToLatest } from '../../src/infra/db/migrate.js'
import { freshDatabase } from '../support/databases.js'

const url = process.env.DATABASE_URL ?? ''

/**
 * Several applications (or test runs) may share one PostgreSQL database, each
 * in its own schema, and come and go while the others migrate. Kysely's
 * migrator lists tables before every migration; a listing that reached into
 * the other schemas failed now and then when one of them was dropped at that
 * moment ("column rank of relation tiers does not exist"), so the listing
 * stays within the application's own schema.
 */
describe.runIf(isPostgresUrl(url))('migrations on a PostgreSQL database shared between schemas', () => {
  it("migrates and lists its own schema's tables, none of another schema's", async () => {
    const other = freshDatabase('postgres')
    const mine = freshDatabase('postgres')
    const schema = mine.env.DATABASE_SCHEMA ?? ''
    const otherDb = await openDatabase({ databaseUrl: url, schema: other.env.DATABASE_SCHEMA, sqlitePath: '' })
    const db = await openDatabase({ databaseUrl: url, schema, sqlitePath: '' })
    try {
      await migrateToLatest(otherDb)
      await otherDb.kysely.schema.createTable('only_there').addColumn('id', 'integer').execute()
      expect(await migrateToLatest(db)).toEqual(expect.arrayContaining(['0001-initial', '0009-visitor-counts']))

      const tables = await db.kysely.introspection.getTables({ withInternalKyselyTables: true })
      expect(new Set(tables.map((t) => t.schema))).toEqual(new Set([schema]))
      const names = tables.map((t) => t.name)
      expect(names).toEqual(expect.arrayContaining(['kysely_migration', 'tiers', 'wallets', 'ledger_entries']))
      expect(names).not.toContain('only_there')
      expect(names.filter((n) => n === 'tiers')).toHaveLength(1)
      const tiers = tables.find((t) => t.name === 'tiers')
      expect(tiers?.columns.find((c) => c.name === 'id')).toMatchObject({ isAutoIncrementing: true, isNullable: false })
      expect(tiers?.columns.find((c) => c.name === 'rank')).toMatchObject({ dataType: 'int8', isAutoIncrementing: false, isNullable: false })
      // Kysely's own bookkeeping tables are left out unless asked for.
      expect((await db.kysely.introspection.getTables()).map((t) => t.name)).not.toContain('kysely_migration')

      expect(await migrateToLatest(db)).toEqual([])
    } finally {
      await db.close()
      await otherDb.close()
      await mine.drop()
      await other.drop()
    }
  })
})
