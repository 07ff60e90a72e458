import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely, Migration } from 'kysely'
import { sql } from 'kysely'

type Table = CreateTableBuilder<string, never>

const isPostgres = async (db: Kysely<unknown>): Promise<boolean> => {
  try {
    await sql`select version()`.execute(db)
    return true
  } catch {
    return false
  }
}

/**
 * Giftcard programs, giftcards, prepaid transactions, promotions and vouchers.
 * Giftcard and prepaid balances live in the ledger: a giftcard's wallet belongs
 * to a holder row in `contacts` (marked by `holder`, so it is never taken for a
 * person), and these tables only link ledger entries to what they were for.
 * Booleans are integers 0/1 on both databases.
 */
export const leatMoney = (): Migration => ({
  async up(db: Kysely<unknown>) {
    const pgdb = await isPostgres(db)
    const big = pgdb ? 'bigint' : 'integer'
    const id = (t: Table): Table =>
      pgdb
        ? t.addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
        : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    const notNull = (c: ColumnDefinitionBuilder) => c.notNull()
    const ref = (table: string) => (c: ColumnDefinitionBuilder) => c.notNull().references(`${table}.id`)
    const optionalRef = (table: string) => (c: ColumnDefinitionBuilder) => c.references(`${table}.id`)

    await db.schema.alterTable('contacts').addColumn('holder', 'text').execute()

    await id(db.schema.createTable('giftcard_programs'))
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('name', 'text', notNull)
      .addColumn('active', 'integer', notNull)
      .addColumn('upgradeable', 'integer', notNull)
      .addColumn('expiration_days', big)
      .addColumn('max_amount', big)
      .addColumn('min_amount', big)
      .addColumn('created_at', big, notNull)
      .execute()
    await db.schema.createIndex('giftcard_programs_account').on('giftcard_programs').columns(['account_id', 'id']).execute()

    await id(db.schema.createTable('giftcards'))
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('program_id', big, ref('giftcard_programs'))
      .addColumn('holder_id', big, ref('contacts'))
      .addColumn('type', 'text', notNull)
      .addColumn('hash', 'text', notNull)
      .addColumn('active', 'integer', notNull)
      .addColumn('upgradeable', 'integer', notNull)
      .addColumn('expires_at', big)
      .addColumn('created_at', big, notNull)
      .addUniqueConstraint('giftcards_account_hash', ['account_id', 'hash'])
      .execute()
    await db.schema.createIndex('giftcards_account_program').on('giftcards').columns(['account_id', 'program_id', 'id']).execute()

    await id(db.schema.createTable('giftcard_transactions'))
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('giftcard_id', big, ref('giftcards'))
      .addColumn('entry_id', big, (c) => c.notNull().unique().references('ledger_entries.id'))
      .addColumn('shop_id', big, optionalRef('shops'))
      .addColumn('amount', big, notNull)
      .addColumn('reverses_id', big, (c) => c.unique().references('giftcard_transactions.id'))
      .addColumn('created_at', big, notNull)
      .execute()
    await db.schema.createIndex('giftcard_transactions_card').on('giftcard_transactions').columns(['account_id', 'giftcard_id', 'id']).execute()
    await db.schema.createIndex('giftcard_transactions_shop').on('giftcard_transactions').columns(['account_id', 'shop_id', 'id']).execute()

    await id(db.schema.createTable('prepaid_transactions'))
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('contact_id', big, ref('contacts'))
      .addColumn('entry_id', big, (c) => c.notNull().unique().references('ledger_entries.id'))
      .addColumn('shop_id', big, optionalRef('shops'))
      .addColumn('amount', big, notNull)
      .addColumn('balance_after', big, notNull)
      .addColumn('identifier_kind', 'text')
      .addColumn('identifier_value', 'text')
      .addColumn('reverses_id', big, (c) => c.unique().references('prepaid_transactions.id'))
      .addColumn('created_at', big, notNull)
      .execute()
    await db.schema.createIndex('prepaid_transactions_contact').on('prepaid_transactions').columns(['account_id', 'contact_id', 'id']).execute()
    await db.schema.createIndex('prepaid_transactions_shop').on('prepaid_transactions').columns(['account_id', 'shop_id', 'id']).execute()

    await id(db.schema.createTable('promotions'))
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('name', 'text', notNull)
      .addColumn('description', 'text', notNull)
      .addColumn('voucher_limit', big)
      .addColumn('limit_per_contact', big)
      .addColumn('expiration_duration', big)
      .addColumn('created_at', big, notNull)
      .execute()
    await db.schema.createIndex('promotions_account').on('promotions').columns(['account_id', 'id']).execute()

    await id(db.schema.createTable('vouchers'))
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('promotion_id', big, ref('promotions'))
      .addColumn('contact_id', big, optionalRef('contacts'))
      .addColumn('code', 'text', notNull)
      .addColumn('active', 'integer', notNull)
      .addColumn('redemptions_allowed', big, notNull)
      .addColumn('redemptions', big, notNull)
      .addColumn('activates_at', big)
      .addColumn('expires_at', big)
      .addColumn('redeemed_at', big)
      .addColumn('attributes', 'text', notNull)
      .addColumn('created_at', big, notNull)
      .addUniqueConstraint('vouchers_account_code', ['account_id', 'code'])
      .addCheckConstraint('vouchers_redemptions_in_range', sql`redemptions >= 0 and redemptions <= redemptions_allowed`)
      .execute()
    await db.schema.createIndex('vouchers_promotion').on('vouchers').columns(['account_id', 'promotion_id', 'id']).execute()
    await db.schema.createIndex('vouchers_contact').on('vouchers').columns(['account_id', 'contact_id', 'id']).execute()

    await id(db.schema.createTable('voucher_locks'))
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('voucher_id', big, ref('vouchers'))
      .addColumn('release_key', 'text', (c) => c.notNull().unique())
      .addColumn('locked_at', big, notNull)
      .addColumn('system_release_at', big, notNull)
      .addColumn('unlocked_at', big)
      .execute()
    await db.schema.createIndex('voucher_locks_voucher').on('voucher_locks').columns(['voucher_id', 'id']).execute()

    await id(db.schema.createTable('voucher_redemptions'))
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('voucher_id', big, ref('vouchers'))
      .addColumn('contact_id', big, ref('contacts'))
      .addColumn('shop_id', big, optionalRef('shops'))
      .addColumn('created_at', big, notNull)
      .addColumn('reversed_at', big)
      .execute()
    await db.schema.createIndex('voucher_redemptions_voucher').on('voucher_redemptions').columns(['voucher_id', 'id']).execute()
  },
})
