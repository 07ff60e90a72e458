import type { Generated } from 'kysely'

/** Times are epoch milliseconds; amounts are integers in minor units; JSON is stored as text. */
export interface Database {
  accounts: { id: Generated<number>; name: string; time_zone: string; created_at: number }
  api_clients: {
    id: Generated<number>
    account_id: number
    name: string
    secret_hash: string
    api_key_hash: string
    created_at: number
    revoked_at: number | null
  }
  access_tokens: { token_hash: string; client_id: number; account_id: number; expires_at: number; revoked_at: number | null; created_at: number }
  shops: { id: Generated<number>; uuid: string; account_id: number; external_id: string | null; name: string; created_at: number }
  units: { id: Generated<number>; account_id: number; name: string; sign: string; lifetime_days: number | null; created_at: number }
  tiers: {
    id: Generated<number>
    account_id: number
    unit_id: number
    name: string
    description: string | null
    threshold: number
    rank: number
    created_at: number
  }
  contacts: {
    id: Generated<number>
    uuid: string
    account_id: number
    name: string | null
    data: string
    channel: string
    registered_shop_id: number | null
    subscribed_at: number | null
    referred_by_id: number | null
    created_at: number
    updated_at: number
  }
  contact_identifiers: { id: Generated<number>; account_id: number; contact_id: number; kind: string; value: string; created_at: number }
  wallets: { id: Generated<number>; account_id: number; contact_id: number; unit_id: number; balance: number; updated_at: number }
  ledger_entries: {
    id: Generated<number>
    account_id: number
    wallet_id: number
    contact_id: number
    unit_id: number
    shop_id: number | null
    kind: string
    amount: number
    type: string | null
    source: string | null
    code: string | null
    natural_key: string | null
    reference: string | null
    title: string | null
    description: string | null
    reverses_id: number | null
    metadata: string
    created_at: number
  }
  lots: {
    id: Generated<number>
    account_id: number
    wallet_id: number
    entry_id: number
    amount: number
    remaining: number
    expires_at: number | null
    created_at: number
  }
  lot_consumptions: { id: Generated<number>; account_id: number; lot_id: number; entry_id: number; amount: number; created_at: number }
  order_lines: {
    id: Generated<number>
    account_id: number
    entry_id: number
    shop_id: number | null
    product_external_id: string
    product_name: string | null
    quantity: number
    total: number
    earned_redeemed: number
    created_at: number
  }
  events: { id: Generated<number>; account_id: number; shop_id: number | null; type: string; payload: string; created_at: number }
  idempotency_keys: { account_id: number; scope: string; key: string; fingerprint: string; result: string; created_at: number }
  visitors: {
    id: Generated<number>
    account_id: number
    contact_id: number
    visitor_id: string
    account_type: string
    email: string
    first_name: string
    last_name: string | null
    gender: string | null
    phone: string | null
    mobile_locale: string | null
    timezone: string | null
    country_code: string
    acquisition_pc_code: string
    upgrade_pc_code: string | null
    origin_type: string | null
    origin: string | null
    barcode: string
    address_street: string | null
    address_city: string | null
    address_state: string | null
    address_zip_code: string | null
    billing_address: string | null
    billing_address2: string | null
    billing_zip_code: string | null
    billing_city: string | null
    billing_country_code: string | null
    email_verified: number
    email_invalid: number
    phone_verified: number
    phone_invalid: number
    birth_day: number | null
    birth_month: number | null
    birth_year: number | null
    last_visit_date: number | null
    registration_date: number
    created_at: number
    updated_at: number
  }
  app_tokens: {
    id: Generated<number>
    account_id: number
    client_id: number
    seed: string
    access_hash: string
    refresh_hash: string
    expires_at: number
    refresh_expires_at: number
    revoked_at: number | null
    created_at: number
  }
  redeem_requests: {
    id: Generated<number>
    account_id: number
    contact_id: number
    unit_id: number
    shop_id: number | null
    amount: number
    seed: string
    status: string
    attempts: number
    expires_at: number
    entry_id: number | null
    created_at: number
    updated_at: number
  }
}
