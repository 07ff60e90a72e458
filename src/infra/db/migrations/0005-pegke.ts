import type { Kysely, Migration } from 'kysely'
import { sql } from 'kysely'
import { columnsFor } from './columns.js'

/**
 * Application-only bearer tokens (one outstanding per client, with a refresh
 * token), redeem requests confirmed by a one-time code, and the index the
 * store activity stream replays from.
 */
export const pegke = (): Migration => ({
  async up(db: Kysely<unknown>) {
    const { big, id, notNull, ref } = await columnsFor(db)

    await id(db.schema.createTable('app_tokens'))
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('client_id', big, ref('api_clients'))
      .addColumn('seed', 'text', notNull)
      .addColumn('access_hash', 'text', (c) => c.notNull().unique())
      .addColumn('refresh_hash', 'text', (c) => c.notNull().unique())
      .addColumn('expires_at', big, notNull)
      .addColumn('refresh_expires_at', big, notNull)
      .addColumn('revoked_at', big)
      .addColumn('created_at', big, notNull)
      .execute()
    // At most one outstanding token per client, also when two first requests race.
    await db.schema.createIndex('app_tokens_one_outstanding').on('app_tokens').column('client_id').unique().where(sql.ref('revoked_at'), 'is', null).execute()

    await id(db.schema.createTable('redeem_requests'))
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('contact_id', big, ref('contacts'))
      .addColumn('unit_id', big, ref('units'))
      .addColumn('shop_id', big, (c) => c.references('shops.id'))
      .addColumn('amount', big, notNull)
      .addColumn('seed', 'text', notNull)
      .addColumn('status', 'text', notNull)
      .addColumn('attempts', big, notNull)
      .addColumn('expires_at', big, notNull)
      .addColumn('entry_id', big, (c) => c.references('ledger_entries.id'))
      .addColumn('created_at', big, notNull)
      .addColumn('updated_at', big, notNull)
      .addCheckConstraint('redeem_requests_amount_positive', sql`amount > 0`)
      .execute()
    await db.schema.createIndex('redeem_requests_account').on('redeem_requests').columns(['account_id', 'id']).execute()

    await db.schema.createIndex('events_account_shop_id').on('events').columns(['account_id', 'shop_id', 'id']).execute()
    await db.schema.createIndex('entries_account_shop_created').on('ledger_entries').columns(['account_id', 'shop_id', 'created_at']).execute()
  },
})
