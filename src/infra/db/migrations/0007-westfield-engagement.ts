import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely'
import { columnsFor, type Table } from './columns.js'

type Kind = 'text' | 'int' | 'bool' | 'json'
/** Column name, kind, and whether it may be null (`?`). */
type Column = readonly [string, Kind, '?'?]

/**
 * The Westfield engagement modules: payment cards, vehicles and parking,
 * smartparking visits, interests, rewards (their balances are ledger
 * wallets), legal texts and optins, challenges and articles. Booleans are
 * 0/1 integers, instants epoch milliseconds, decimal amounts minor units and
 * lists JSON text, on both databases. Every visitor record carries
 * `contact_id`, so erasing a visitor's personal data finds it.
 */
export const westfieldEngagement = (): Migration => ({
  async up(db: Kysely<unknown>) {
    const { pgdb, big, notNull } = await columnsFor(db)
    const nullable = (c: ColumnDefinitionBuilder) => c

    const create = async (name: string, columns: readonly Column[]) => {
      let t: Table = pgdb
        ? db.schema.createTable(name).addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
        : db.schema.createTable(name).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      t = t.addColumn('account_id', big, (c) => c.notNull().references('accounts.id'))
      for (const [column, kind, optional] of columns) t = t.addColumn(column, kind === 'text' || kind === 'json' ? 'text' : big, optional ? nullable : notNull)
      t = t.addColumn('created_at', big, notNull).addColumn('updated_at', big, notNull)
      await t.execute()
    }
    const owner: Column[] = [
      ['contact_id', 'int'],
      ['visitor_id', 'text'],
    ]
    const index = (name: string, table: string, columns: string[]) => db.schema.createIndex(name).on(table).columns(columns).execute()
    const unique = (name: string, table: string, columns: string[]) => db.schema.createIndex(name).on(table).columns(columns).unique().execute()

    await create('visitor_credit_cards', [
      ...owner,
      ['first_name', 'text'],
      ['last_name', 'text'],
      ['postal_code', 'text', '?'],
      ['service_types', 'json'],
      ['year', 'int'],
      ['month', 'int'],
      ['fingerprint', 'text'],
      ['card_type', 'text'],
      ['first_six_digits', 'text'],
      ['last_four_digits', 'text'],
      ['payment_method_token', 'text'],
      ['deleted_at', 'int', '?'],
    ])
    await index('visitor_credit_cards_contact', 'visitor_credit_cards', ['account_id', 'contact_id'])

    await create('visitor_vehicles', [
      ...owner,
      ['name', 'text', '?'],
      ['maker', 'text', '?'],
      ['color', 'text', '?'],
      ['model', 'text', '?'],
      ['license_plate', 'text'],
      ['plate_key', 'text'],
      ['license_plate_country', 'text', '?'],
      ['year_of_manufacture', 'int', '?'],
      ['last_parking_session', 'int', '?'],
      ['deleted_at', 'int', '?'],
    ])
    await index('visitor_vehicles_contact', 'visitor_vehicles', ['account_id', 'contact_id'])
    await index('visitor_vehicles_plate', 'visitor_vehicles', ['account_id', 'plate_key', 'updated_at'])

    await create('visitor_vehicle_partners', [
      ...owner,
      ['vehicle_id', 'int'],
      ['partner_id', 'text'],
      ['parking_partner', 'text'],
      ['visitor_center_id', 'int', '?'],
      ['pc_code', 'text', '?'],
    ])
    await index('visitor_vehicle_partners_contact', 'visitor_vehicle_partners', ['account_id', 'contact_id'])

    await create('visitor_parkings', [
      ...owner,
      ['parking_partner', 'text'],
      ['is_active', 'bool'],
      ['subscription_date', 'int'],
      ['unsubscribed_at', 'int', '?'],
    ])
    await index('visitor_parkings_contact', 'visitor_parkings', ['account_id', 'contact_id'])

    await create('visitor_parking_histories', [
      ...owner,
      ['card_id', 'int'],
      ['parking_id', 'int'],
      ['pc_code', 'text'],
      ['parking_session_id', 'int', '?'],
      ['parking_session_start', 'int', '?'],
      ['parking_session_end', 'int', '?'],
      ['amount', 'int', '?'],
      ['currency', 'text'],
      ['access_device', 'text'],
      ['exit_access_device', 'text', '?'],
      ['formatted_total_time', 'text', '?'],
      ['paid_at', 'int', '?'],
      ['paid_at_kiosk', 'bool', '?'],
      ['refunded_amount', 'int', '?'],
      ['payment_status', 'text', '?'],
      ['total_time', 'int', '?'],
      ['transaction_full_amount', 'int', '?'],
      ['transaction_id', 'text', '?'],
      ['transaction_pretax_amount', 'int', '?'],
      ['transaction_tax_amount', 'int', '?'],
      ['validation_amount', 'int', '?'],
      ['vendor_id', 'text', '?'],
    ])
    await index('visitor_parking_histories_contact', 'visitor_parking_histories', ['account_id', 'contact_id', 'parking_session_start'])

    await create('smartparking_visits', [...owner, ['pc_code', 'text'], ['visit_date', 'int'], ['visit_type', 'text'], ['license_plate', 'text', '?']])
    await index('smartparking_visits_contact', 'smartparking_visits', ['account_id', 'contact_id', 'pc_code', 'visit_date'])

    await create('visitor_interests', [...owner, ['external_id', 'text'], ['label', 'text']])
    await unique('visitor_interests_contact_external_id', 'visitor_interests', ['account_id', 'contact_id', 'external_id'])

    await create('visitor_rewards', [
      ...owner,
      ['pc_code', 'text'],
      ['unit_id', 'int'],
      ['start_date', 'int'],
      ['end_date', 'int', '?'],
      ['is_scan', 'bool'],
      ['is_bank', 'bool'],
      ['is_restaurant', 'bool'],
      ['outside_optin', 'bool'],
      ['threshold', 'int'],
      ['last_purchase_date', 'int', '?'],
      ['external_id', 'text', '?'],
      ['upgraded_from', 'text', '?'],
    ])
    await unique('visitor_rewards_contact_pc_code', 'visitor_rewards', ['account_id', 'contact_id', 'pc_code'])

    await create('legal_texts', [
      ['type', 'text'],
      ['version', 'int'],
      ['release_date', 'int'],
      ['require_consent', 'bool'],
    ])
    await unique('legal_texts_type_version', 'legal_texts', ['account_id', 'type', 'version'])

    await create('legal_text_locales', [
      ['legal_text_id', 'int'],
      ['locale_code', 'text'],
      ['optin_display_text', 'text', '?'],
      ['optin_header_text', 'text', '?'],
      ['document_text', 'text', '?'],
    ])
    await unique('legal_text_locales_text_code', 'legal_text_locales', ['account_id', 'legal_text_id', 'locale_code'])

    await create('visitor_optins', [
      ...owner,
      ['client_id', 'text', '?'],
      ['send_id', 'text', '?'],
      ['optin_channel', 'text'],
      ['optin_type', 'text'],
      ['legal_text_id', 'int', '?'],
      ['is_active', 'bool'],
      ['last_opened_date', 'int', '?'],
      ['context_id', 'int', '?'],
      ['optin_date', 'int'],
      ['optout_date', 'int', '?'],
    ])
    await index('visitor_optins_contact', 'visitor_optins', ['account_id', 'contact_id', 'optin_type', 'optin_channel'])

    await create('challenges', [
      ['pc_code', 'text'],
      ['generic_name', 'text'],
      ['type', 'text'],
      ['start_date', 'int'],
      ['end_date', 'int'],
      ['timezone', 'text', '?'],
      ['image_url', 'text', '?'],
      ['winner_number', 'int'],
      ['reward_expiration_seconds', 'int', '?'],
      ['status', 'text'],
      ['display_name', 'json'],
      ['description', 'json'],
      ['reward_detail', 'json'],
      ['terminated_at', 'int', '?'],
    ])
    await index('challenges_account_pc_code', 'challenges', ['account_id', 'pc_code'])

    await create('visitor_challenges', [
      ...owner,
      ['challenge_id', 'int'],
      ['points', 'int'],
      ['total_entry_count', 'int'],
      ['bonus_entry_count', 'int'],
      ['last_entry_date', 'int', '?'],
      ['last_bonus_date', 'int', '?'],
      ['reward_unlocked', 'bool'],
      ['reward_received', 'bool'],
      ['reward_expires_at', 'int', '?'],
      ['registered_date', 'int'],
    ])
    await unique('visitor_challenges_challenge_contact', 'visitor_challenges', ['account_id', 'challenge_id', 'contact_id'])
    await index('visitor_challenges_contact', 'visitor_challenges', ['account_id', 'contact_id'])

    await create('articles', [
      ['generic_name', 'text'],
      ['main_image_url', 'text'],
      ['status', 'text'],
      ['publish_date', 'int'],
      ['title', 'json'],
      ['content', 'json'],
    ])
    await index('articles_account_publish_date', 'articles', ['account_id', 'publish_date'])
  },
})
