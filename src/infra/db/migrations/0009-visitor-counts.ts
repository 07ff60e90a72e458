import { type Kysely, type Migration, sql } from 'kysely'
import { columnsFor } from './columns.js'

/**
 * A kept count of each account's visitors, so the Westfield list answers its
 * `total` without counting every visitor for each page. The count is split
 * into slots that a writer picks by its database connection (always slot 0
 * on SQLite, which has one writer): two PostgreSQL transactions creating
 * visitors at once then rarely wait on the same row. The total is the sum of
 * the account's slots. Filled from the visitors already there.
 */
export const visitorCounts = (): Migration => ({
  async up(db: Kysely<unknown>) {
    const { big, notNull } = await columnsFor(db)
    await db.schema
      .createTable('visitor_counts')
      .addColumn('account_id', big, (c) => c.notNull().references('accounts.id'))
      .addColumn('slot', big, notNull)
      .addColumn('visitors', big, notNull)
      .addPrimaryKeyConstraint('visitor_counts_pk', ['account_id', 'slot'])
      .execute()
    await sql`insert into visitor_counts (account_id, slot, visitors) select account_id, 0, count(*) from visitors group by account_id`.execute(db)
  },
})
