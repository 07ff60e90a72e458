import type { Kysely, Migration } from 'kysely'
import { sql } from 'kysely'
import { columnsFor } from './columns.js'

/**
 * Leat's contact identifiers (name and active flag beside the identifier
 * link in `contact_identifiers`), the units credit receptions convert from,
 * credit receptions (a link from a ledger entry to what it was for) and
 * portal sessions with their events. Booleans are integers 0/1.
 */
export const leatCore = (): Migration => ({
  async up(db: Kysely<unknown>) {
    const { big, id, notNull, ref, optionalRef } = await columnsFor(db)

    await id(db.schema.createTable('identifier_details'))
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('kind', 'text', notNull)
      .addColumn('value', 'text', notNull)
      .addColumn('name', 'text', notNull)
      .addColumn('active', 'integer', notNull)
      .addColumn('created_at', big, notNull)
      .addColumn('updated_at', big, notNull)
      .addUniqueConstraint('identifier_details_account_kind_value', ['account_id', 'kind', 'value'])
      .execute()

    await id(db.schema.createTable('reception_units'))
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('name', 'text', notNull)
      .addColumn('label', 'text', notNull)
      .addColumn('prefix', 'text', notNull)
      .addColumn('is_default', 'integer', notNull)
      .addColumn('credits_per_unit', big, notNull)
      .addColumn('created_at', big, notNull)
      .addUniqueConstraint('reception_units_account_name', ['account_id', 'name'])
      .addCheckConstraint('reception_units_rate_not_negative', sql`credits_per_unit >= 0`)
      .execute()
    // One default unit per account, also when two requests make one at once.
    await db.schema
      .createIndex('reception_units_one_default')
      .on('reception_units')
      .column('account_id')
      .unique()
      .where(sql.ref('is_default'), '=', 1)
      .execute()

    await id(db.schema.createTable('credit_receptions'))
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('contact_id', big, ref('contacts'))
      .addColumn('shop_id', big, ref('shops'))
      .addColumn('unit_id', big, optionalRef('reception_units'))
      .addColumn('unit_value', big)
      .addColumn('credits', big, notNull)
      .addColumn('entry_id', big, optionalRef('ledger_entries'))
      .addColumn('reverses_id', big, (c) => c.references('credit_receptions.id').unique())
      .addColumn('pos_transaction_uuid', 'text')
      .addColumn('contact_identifier_value', 'text')
      .addColumn('created_at', big, notNull)
      .addUniqueConstraint('credit_receptions_account_pos_transaction', ['account_id', 'pos_transaction_uuid'])
      .execute()
    await db.schema.createIndex('credit_receptions_account_created').on('credit_receptions').columns(['account_id', 'created_at']).execute()
    await db.schema.createIndex('credit_receptions_contact').on('credit_receptions').columns(['account_id', 'contact_id']).execute()

    await id(db.schema.createTable('portal_sessions'))
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('shop_id', big, ref('shops'))
      .addColumn('contact_id', big, optionalRef('contacts'))
      .addColumn('type', 'text', notNull)
      .addColumn('options', 'text', notNull)
      .addColumn('expires_at', big, notNull)
      .addColumn('finished_at', big)
      .addColumn('created_at', big, notNull)
      .execute()

    await id(db.schema.createTable('portal_session_events'))
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('session_id', big, ref('portal_sessions'))
      .addColumn('type', 'text', notNull)
      .addColumn('data', 'text', notNull)
      .addColumn('created_at', big, notNull)
      .execute()
    await db.schema.createIndex('portal_session_events_session').on('portal_session_events').columns(['session_id', 'id']).execute()
  },
})
