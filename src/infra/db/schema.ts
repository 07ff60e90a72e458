import type { ColumnType, Generated } from 'kysely'

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
    /** Set on rows that hold a non-person balance (`giftcard`); such rows are never shown as contacts. */
    holder: ColumnType<string | null, string | null | undefined, string | null>
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
  visitor_counts: { account_id: number; slot: number; visitors: number }
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
  giftcard_programs: {
    id: Generated<number>
    uuid: string
    account_id: number
    name: string
    active: number
    upgradeable: number
    expiration_days: number | null
    max_amount: number | null
    min_amount: number | null
    created_at: number
  }
  giftcards: {
    id: Generated<number>
    uuid: string
    account_id: number
    program_id: number
    holder_id: number
    type: string
    hash: string
    active: number
    upgradeable: number
    expires_at: number | null
    created_at: number
  }
  giftcard_transactions: {
    id: Generated<number>
    uuid: string
    account_id: number
    giftcard_id: number
    entry_id: number
    shop_id: number | null
    amount: number
    reverses_id: number | null
    created_at: number
  }
  prepaid_transactions: {
    id: Generated<number>
    uuid: string
    account_id: number
    contact_id: number
    entry_id: number
    shop_id: number | null
    amount: number
    balance_after: number
    identifier_kind: string | null
    identifier_value: string | null
    reverses_id: number | null
    created_at: number
  }
  promotions: {
    id: Generated<number>
    uuid: string
    account_id: number
    name: string
    description: string
    voucher_limit: number | null
    limit_per_contact: number | null
    expiration_duration: number | null
    created_at: number
  }
  vouchers: {
    id: Generated<number>
    uuid: string
    account_id: number
    promotion_id: number
    contact_id: number | null
    code: string
    active: number
    redemptions_allowed: number
    redemptions: number
    activates_at: number | null
    expires_at: number | null
    redeemed_at: number | null
    attributes: string
    created_at: number
  }
  voucher_locks: {
    id: Generated<number>
    account_id: number
    voucher_id: number
    release_key: string
    locked_at: number
    system_release_at: number
    unlocked_at: number | null
  }
  voucher_redemptions: {
    id: Generated<number>
    uuid: string
    account_id: number
    voucher_id: number
    contact_id: number
    shop_id: number | null
    created_at: number
    reversed_at: number | null
  }
  identifier_details: {
    id: Generated<number>
    account_id: number
    kind: string
    value: string
    name: string
    active: number
    created_at: number
    updated_at: number
  }
  reception_units: {
    id: Generated<number>
    account_id: number
    name: string
    label: string
    prefix: string
    is_default: number
    /** Hundredths of a credit per whole unit value. */
    credits_per_unit: number
    created_at: number
  }
  credit_receptions: {
    id: Generated<number>
    uuid: string
    account_id: number
    contact_id: number
    shop_id: number
    unit_id: number | null
    /** Hundredths of the unit. */
    unit_value: number | null
    /** Whole credits, signed. */
    credits: number
    entry_id: number | null
    reverses_id: number | null
    pos_transaction_uuid: string | null
    contact_identifier_value: string | null
    created_at: number
  }
  portal_sessions: {
    id: Generated<number>
    uuid: string
    account_id: number
    shop_id: number
    contact_id: number | null
    type: string
    options: string
    expires_at: number
    finished_at: number | null
    created_at: number
  }
  portal_session_events: { id: Generated<number>; account_id: number; session_id: number; type: string; data: string; created_at: number }
  webhook_subscriptions: {
    id: Generated<number>
    uuid: string
    account_id: number
    name: string
    event_type: string
    url: string
    /** The signing secret, sealed (encrypted) with a key derived from the pepper. */
    secret: string
    status: string
    version: string
    attributes: string
    /**
     * Where in the outbox the subscription began: on PostgreSQL the snapshot
     * of its creating transaction (`pg_current_snapshot()`), on SQLite the
     * last event id then. Only events after it are sent.
     */
    start_position: string
    created_at: number
    updated_at: number
    deleted_at: number | null
  }
  /** How far each account's outbox has been turned into deliveries; `tx_id` is 0 on SQLite. */
  webhook_cursors: { account_id: number; tx_id: number; event_id: number; updated_at: number }
  webhook_deliveries: {
    id: Generated<number>
    uuid: string
    account_id: number
    subscription_id: number
    event_id: number
    event_type: string
    body: string
    status: string
    attempts: number
    next_attempt_at: number
    last_response_status: number | null
    last_error: string | null
    delivered_at: number | null
    created_at: number
    updated_at: number
  }
}
