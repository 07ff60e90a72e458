import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely'
import { columnsFor, type Table } from './columns.js'

type Kind = 'text' | 'int' | 'bool'
/** Column name, kind, and whether it may be null (`?`). */
type Column = readonly [string, Kind, '?'?]

/**
 * The Westfield visitor modules: visitor profiles over contacts, their
 * identities and places, centers with their companies, services with their
 * catalogues, and check-ins. Booleans are 0/1 integers and instants epoch
 * milliseconds on both databases; lists of values are JSON text.
 */
export const westfieldVisitors = (): Migration => ({
  async up(db: Kysely<unknown>) {
    const { pgdb, big, notNull } = await columnsFor(db)
    const nullable = (c: ColumnDefinitionBuilder) => c

    const create = async (name: string, columns: readonly Column[], build: (t: Table) => Table = (t) => t) => {
      let t: Table = pgdb
        ? db.schema.createTable(name).addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
        : db.schema.createTable(name).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      t = t.addColumn('account_id', big, (c) => c.notNull().references('accounts.id'))
      for (const [column, kind, optional] of columns) t = t.addColumn(column, kind === 'text' ? 'text' : big, optional ? nullable : notNull)
      t = t.addColumn('created_at', big, notNull).addColumn('updated_at', big, notNull)
      await build(t).execute()
    }
    const owner: Column[] = [
      ['contact_id', 'int'],
      ['visitor_id', 'text'],
    ]
    const index = (name: string, table: string, columns: string[]) => db.schema.createIndex(name).on(table).columns(columns).execute()
    const unique = (name: string, table: string, columns: string[]) => db.schema.createIndex(name).on(table).columns(columns).unique().execute()

    await create('visitors', [
      ...owner,
      ['account_type', 'text'],
      ['email', 'text'],
      ['first_name', 'text'],
      ['last_name', 'text', '?'],
      ['gender', 'text', '?'],
      ['phone', 'text', '?'],
      ['mobile_locale', 'text', '?'],
      ['timezone', 'text', '?'],
      ['country_code', 'text'],
      ['acquisition_pc_code', 'text'],
      ['upgrade_pc_code', 'text', '?'],
      ['origin_type', 'text', '?'],
      ['origin', 'text', '?'],
      ['barcode', 'text'],
      ['address_street', 'text', '?'],
      ['address_city', 'text', '?'],
      ['address_state', 'text', '?'],
      ['address_zip_code', 'text', '?'],
      ['billing_address', 'text', '?'],
      ['billing_address2', 'text', '?'],
      ['billing_zip_code', 'text', '?'],
      ['billing_city', 'text', '?'],
      ['billing_country_code', 'text', '?'],
      ['email_verified', 'bool'],
      ['email_invalid', 'bool'],
      ['phone_verified', 'bool'],
      ['phone_invalid', 'bool'],
      ['birth_day', 'int', '?'],
      ['birth_month', 'int', '?'],
      ['birth_year', 'int', '?'],
      ['last_visit_date', 'int', '?'],
      ['registration_date', 'int'],
    ])
    await unique('visitors_contact', 'visitors', ['contact_id'])
    await unique('visitors_account_visitor_id', 'visitors', ['account_id', 'visitor_id'])
    await index('visitors_account_created', 'visitors', ['account_id', 'created_at'])
    await index('visitors_account_email', 'visitors', ['account_id', 'email'])
    await index('visitors_account_last_name', 'visitors', ['account_id', 'last_name'])

    await create('visitor_external_ids', [...owner, ['external_type', 'text'], ['external_id', 'text'], ['pc_code', 'text', '?']])
    await index('visitor_external_ids_contact', 'visitor_external_ids', ['contact_id'])
    await index('visitor_external_ids_lookup', 'visitor_external_ids', ['account_id', 'external_type', 'external_id'])

    await create('bookmarks', [...owner, ['pc_code', 'text'], ['external_id', 'text'], ['label', 'text'], ['bookmark_type', 'text'], ['source', 'text']])
    await index('bookmarks_contact', 'bookmarks', ['contact_id'])

    await create('visitor_centers', [
      ...owner,
      ['pc_code', 'text'],
      ['favorite_date', 'int', '?'],
      ['is_tlp', 'bool'],
      ['is_favorite', 'bool'],
      ['is_smartparker', 'bool'],
      ['center_company_id', 'int', '?'],
    ])
    await unique('visitor_centers_contact_pc_code', 'visitor_centers', ['contact_id', 'pc_code'])

    await create('devices', [
      ...owner,
      ['token', 'text'],
      ['maker', 'text', '?'],
      ['model', 'text', '?'],
      ['os_version', 'text', '?'],
      ['locale', 'text', '?'],
      ['platform', 'text'],
      ['timezone', 'text', '?'],
      ['mobile_carrier', 'text', '?'],
      ['notification_token', 'text'],
    ])
    await unique('devices_account_token', 'devices', ['account_id', 'token'])
    await index('devices_contact', 'devices', ['contact_id'])

    await create('device_apps', [...owner, ['device_id', 'int'], ['urw_app_id', 'text'], ['notification_token', 'text']])
    await unique('device_apps_device_app', 'device_apps', ['device_id', 'urw_app_id'])
    await index('device_apps_contact', 'device_apps', ['contact_id'])

    await create('centers', [
      ['pc_code', 'text'],
      ['label', 'text'],
      ['country', 'text'],
      ['is_westfield', 'bool'],
      ['center_id', 'text', '?'],
      ['center_code', 'int', '?'],
      ['has_worker', 'bool'],
      ['has_multi_step', 'bool'],
      ['is_active', 'bool'],
      ['has_email_validation', 'bool'],
      ['loyalty_start_date', 'int', '?'],
      ['has_basic_loyalty', 'bool'],
      ['parking_partner', 'text', '?'],
      ['wallet_context_id', 'int', '?'],
      ['urw_app_id', 'text', '?'],
      ['has_registration', 'bool'],
      ['has_loyalty', 'bool', '?'],
    ])
    await unique('centers_account_pc_code', 'centers', ['account_id', 'pc_code'])

    await create('center_companies', [
      ['pc_code', 'text'],
      ['company_name', 'text'],
    ])
    await index('center_companies_pc_code', 'center_companies', ['account_id', 'pc_code'])

    await create('services', [
      ['pc_code', 'text'],
      ['name', 'text'],
      ['category', 'text'],
      ['use_rate', 'text'],
      ['days_of_use', 'text'],
      ['color_code', 'text'],
      ['is_premium', 'bool'],
      ['undeletable', 'bool'],
      ['start_date', 'int', '?'],
      ['end_date', 'int', '?'],
    ])
    await index('services_account_pc_code', 'services', ['account_id', 'pc_code'])

    await create('service_stores', [
      ['service_id', 'int'],
      ['store_id', 'int'],
      ['store_name', 'text'],
      ['shop_id', 'int'],
    ])
    await unique('service_stores_service_store', 'service_stores', ['service_id', 'store_id'])
    await create('service_segments', [
      ['service_id', 'int'],
      ['segment_id', 'int'],
      ['segment_name', 'text'],
    ])
    await unique('service_segments_service_segment', 'service_segments', ['service_id', 'segment_id'])
    await create('service_themes', [
      ['category', 'text'],
      ['value', 'text'],
      ['deprecated', 'bool'],
    ])
    await create('service_targets', [['value', 'text']])
    await create('service_service_themes', [
      ['service_id', 'int'],
      ['service_theme_id', 'int'],
    ])
    await unique('service_service_themes_pair', 'service_service_themes', ['service_id', 'service_theme_id'])
    await create('service_service_targets', [
      ['service_id', 'int'],
      ['service_target_id', 'int'],
    ])
    await unique('service_service_targets_pair', 'service_service_targets', ['service_id', 'service_target_id'])

    await create('center_operation_sessions', [
      ...owner,
      ['pc_code', 'text'],
      ['guid', 'text'],
      ['game_id', 'text'],
      ['game_name', 'text'],
      ['optin', 'bool'],
      ['is_contest', 'bool'],
      ['is_welcome_journey', 'bool'],
      ['is_welcome_offer', 'bool'],
      ['is_wifit', 'bool'],
      ['is_synchronized', 'bool'],
      ['segments', 'text'],
      ['stores', 'text'],
    ])
    await unique('center_operation_sessions_guid', 'center_operation_sessions', ['account_id', 'guid'])
    await index('center_operation_sessions_contact', 'center_operation_sessions', ['contact_id'])

    await create('visitor_locales', [...owner, ['locale_code', 'text']])
    await unique('visitor_locales_contact_code', 'visitor_locales', ['contact_id', 'locale_code'])

    await create('checkins', [...owner, ['pc_code', 'text'], ['service_id', 'int'], ['origin', 'text']])
    await index('checkins_contact', 'checkins', ['contact_id'])
    await index('checkins_account_pc_code_created', 'checkins', ['account_id', 'pc_code', 'created_at'])
    await index('checkins_account_service_created', 'checkins', ['account_id', 'service_id', 'created_at'])
  },
})
