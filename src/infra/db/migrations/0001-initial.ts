import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely, Migration } from 'kysely'
import { sql } from 'kysely'

type Table = CreateTableBuilder<string, never>

/**
 * One migration set for both databases. The only differences are the id
 * column (SQLite's rowid alias vs. an identity column) and the integer type,
 * chosen here from the live connection.
 */
const isPostgres = async (db: Kysely<unknown>): Promise<boolean> => {
  try {
    await sql`select version()`.execute(db)
    return true
  } catch {
    return false
  }
}

export const initial = (): Migration => ({
  async up(db: Kysely<unknown>) {
    const pgdb = await isPostgres(db)
    const big = pgdb ? 'bigint' : 'integer'
    const id = (t: Table): Table =>
      pgdb
        ? t.addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
        : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    const notNull = (c: ColumnDefinitionBuilder) => c.notNull()
    const ref = (table: string) => (c: ColumnDefinitionBuilder) => c.notNull().references(`${table}.id`)

    await id(db.schema.createTable('accounts'))
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('time_zone', 'text', notNull)
      .addColumn('created_at', big, notNull)
      .execute()

    await id(db.schema.createTable('api_clients'))
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('name', 'text', notNull)
      .addColumn('secret_hash', 'text', notNull)
      .addColumn('api_key_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', big, notNull)
      .addColumn('revoked_at', big)
      .execute()

    await db.schema
      .createTable('access_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('client_id', big, ref('api_clients'))
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('expires_at', big, notNull)
      .addColumn('revoked_at', big)
      .addColumn('created_at', big, notNull)
      .execute()

    await id(db.schema.createTable('shops'))
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('external_id', 'text')
      .addColumn('name', 'text', notNull)
      .addColumn('created_at', big, notNull)
      .addUniqueConstraint('shops_account_external_id', ['account_id', 'external_id'])
      .execute()

    await id(db.schema.createTable('units'))
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('name', 'text', notNull)
      .addColumn('sign', 'text', notNull)
      .addColumn('lifetime_days', big)
      .addColumn('created_at', big, notNull)
      .addUniqueConstraint('units_account_name', ['account_id', 'name'])
      .execute()

    await id(db.schema.createTable('tiers'))
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('unit_id', big, ref('units'))
      .addColumn('name', 'text', notNull)
      .addColumn('description', 'text')
      .addColumn('threshold', big, notNull)
      .addColumn('rank', big, notNull)
      .addColumn('created_at', big, notNull)
      .addUniqueConstraint('tiers_account_rank', ['account_id', 'rank'])
      .execute()

    await id(db.schema.createTable('contacts'))
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('name', 'text')
      .addColumn('data', 'text', notNull)
      .addColumn('channel', 'text', notNull)
      .addColumn('registered_shop_id', big, (c) => c.references('shops.id'))
      .addColumn('subscribed_at', big)
      .addColumn('referred_by_id', big, (c) => c.references('contacts.id'))
      .addColumn('created_at', big, notNull)
      .addColumn('updated_at', big, notNull)
      .execute()
    await db.schema.createIndex('contacts_account_created').on('contacts').columns(['account_id', 'created_at']).execute()

    await id(db.schema.createTable('contact_identifiers'))
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('contact_id', big, ref('contacts'))
      .addColumn('kind', 'text', notNull)
      .addColumn('value', 'text', notNull)
      .addColumn('created_at', big, notNull)
      .addUniqueConstraint('identifiers_account_kind_value', ['account_id', 'kind', 'value'])
      .execute()
    await db.schema.createIndex('identifiers_contact').on('contact_identifiers').columns(['contact_id']).execute()

    await id(db.schema.createTable('wallets'))
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('contact_id', big, ref('contacts'))
      .addColumn('unit_id', big, ref('units'))
      .addColumn('balance', big, notNull)
      .addColumn('updated_at', big, notNull)
      .addUniqueConstraint('wallets_account_contact_unit', ['account_id', 'contact_id', 'unit_id'])
      .addCheckConstraint('wallets_balance_not_negative', sql`balance >= 0`)
      .execute()

    await id(db.schema.createTable('ledger_entries'))
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('wallet_id', big, ref('wallets'))
      .addColumn('contact_id', big, ref('contacts'))
      .addColumn('unit_id', big, ref('units'))
      .addColumn('shop_id', big, (c) => c.references('shops.id'))
      .addColumn('kind', 'text', notNull)
      .addColumn('amount', big, notNull)
      .addColumn('type', 'text')
      .addColumn('source', 'text')
      .addColumn('code', 'text')
      .addColumn('natural_key', 'text')
      .addColumn('reference', 'text')
      .addColumn('title', 'text')
      .addColumn('description', 'text')
      .addColumn('reverses_id', big, (c) => c.references('ledger_entries.id'))
      .addColumn('metadata', 'text', notNull)
      .addColumn('created_at', big, notNull)
      .addUniqueConstraint('entries_account_natural_key', ['account_id', 'natural_key'])
      .addUniqueConstraint('entries_reverses_once', ['reverses_id'])
      .addCheckConstraint('entries_amount_not_zero', sql`amount <> 0`)
      .execute()
    await db.schema.createIndex('entries_contact_created').on('ledger_entries').columns(['account_id', 'contact_id', 'created_at']).execute()
    await db.schema.createIndex('entries_account_created').on('ledger_entries').columns(['account_id', 'created_at']).execute()
    await db.schema.createIndex('entries_account_type_code').on('ledger_entries').columns(['account_id', 'type', 'code']).execute()
    await db.schema.createIndex('entries_wallet').on('ledger_entries').columns(['wallet_id']).execute()

    await id(db.schema.createTable('lots'))
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('wallet_id', big, ref('wallets'))
      .addColumn('entry_id', big, ref('ledger_entries'))
      .addColumn('amount', big, notNull)
      .addColumn('remaining', big, notNull)
      .addColumn('expires_at', big)
      .addColumn('created_at', big, notNull)
      .addCheckConstraint('lots_remaining_in_range', sql`remaining >= 0 and remaining <= amount`)
      .execute()
    await db.schema.createIndex('lots_wallet_open').on('lots').columns(['wallet_id', 'remaining']).execute()
    await db.schema.createIndex('lots_due').on('lots').columns(['expires_at', 'remaining']).execute()

    await id(db.schema.createTable('lot_consumptions'))
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('lot_id', big, ref('lots'))
      .addColumn('entry_id', big, ref('ledger_entries'))
      .addColumn('amount', big, notNull)
      .addColumn('created_at', big, notNull)
      .execute()
    await db.schema.createIndex('consumptions_entry').on('lot_consumptions').columns(['entry_id']).execute()

    await id(db.schema.createTable('order_lines'))
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('entry_id', big, ref('ledger_entries'))
      .addColumn('shop_id', big, (c) => c.references('shops.id'))
      .addColumn('product_external_id', 'text', notNull)
      .addColumn('product_name', 'text')
      .addColumn('quantity', big, notNull)
      .addColumn('total', big, notNull)
      .addColumn('earned_redeemed', big, notNull)
      .addColumn('created_at', big, notNull)
      .execute()
    await db.schema.createIndex('order_lines_account_created').on('order_lines').columns(['account_id', 'created_at']).execute()

    await id(db.schema.createTable('events'))
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('shop_id', big)
      .addColumn('type', 'text', notNull)
      .addColumn('payload', 'text', notNull)
      .addColumn('created_at', big, notNull)
      .execute()
    await db.schema.createIndex('events_account_id').on('events').columns(['account_id', 'id']).execute()

    await db.schema
      .createTable('idempotency_keys')
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('scope', 'text', notNull)
      .addColumn('key', 'text', notNull)
      .addColumn('fingerprint', 'text', notNull)
      .addColumn('result', 'text', notNull)
      .addColumn('created_at', big, notNull)
      .addPrimaryKeyConstraint('idempotency_keys_pk', ['account_id', 'scope', 'key'])
      .execute()
  },
})
