import type { ErrorTable, FieldNames } from '../shared/error-table.js'

export interface LeatError {
  /** Leat's numeric error code (`leat-reference/error-handling.md`). */
  readonly code: number
  readonly message: string
  /** HTTP status; Leat answers every business error with 400. */
  readonly status: 400 | 401 | 404
}

const INVALID = { code: 1003, message: 'Invalid input.', status: 400 } as const

export const errorTable = {
  'validation.invalid': INVALID,
  'auth.unauthenticated': { code: 401, message: 'Unauthenticated.', status: 401 },
  'auth.invalid_client': { code: 401, message: 'Client authentication failed', status: 401 },
  'auth.forbidden': { code: 7011, message: 'User has no access to this account.', status: 400 },
  'account.not_found': { code: 7002, message: 'Account inactive.', status: 400 },
  'contact.not_found': { code: 55031, message: 'Contact not found.', status: 400 },
  'unit.not_found': { code: 60007, message: 'Unit not found.', status: 400 },
  'tier.not_found': { code: 60013, message: 'Model not found.', status: 400 },
  'ledger.invalid_amount': INVALID,
  'ledger.insufficient_balance': { code: 1017, message: 'Onvoldoende punten | Insufficient credits.', status: 400 },
  'ledger.duplicate_transaction': { code: 6001, message: 'The POS transaction is already linked to a credit reception.', status: 400 },
  'ledger.entry_not_found': { code: 1028, message: 'Credit reception not found.', status: 400 },
  'ledger.already_reversed': { code: 1003, message: 'The credit reception was already reversed.', status: 400 },
  'ledger.not_reversible': { code: 1003, message: 'This transaction cannot be reversed.', status: 400 },
  'ledger.nothing_to_redeem': { code: 1017, message: 'Onvoldoende punten | Insufficient credits.', status: 400 },
  'ledger.same_wallet': INVALID,
  'ledger.expiry_in_past': INVALID,
  'idempotency.key_reused': { code: 1003, message: 'The Idempotency-Key was used with a different request.', status: 400 },
  'shop.not_found': { code: 1008, message: 'Shop not found.', status: 400 },
  'identifier.not_found': { code: 60003, message: 'Contact identifier not found.', status: 400 },
  'identifier.inactive': { code: 60004, message: 'Contact identifier inactive.', status: 400 },
  'identifier.exists': { code: 60006, message: 'Contact identifier already exists.', status: 400 },
  'identifier.already_linked': { code: 60014, message: 'Contact identifier is already linked.', status: 400 },
  'contact.exists': { code: 60005, message: 'Contact already exists.', status: 400 },
  'unit.exists': { code: 55045, message: 'Unit already exists.', status: 400 },
  'portal_session.not_found': { code: 1003, message: 'Invalid input.', status: 400 },
  'portal_session.expired': { code: 1003, message: 'Invalid input.', status: 400 },
  'giftcard_program.not_found': { code: 1100, message: 'Giftcard Program not found.', status: 400 },
  'giftcard.not_found': { code: 5001, message: 'Giftcard not found.', status: 400 },
  'giftcard.type_not_supported': { code: 55021, message: 'Only Digital giftcards can by created using the public API.', status: 400 },
  'giftcard.inactive': { code: 7010, message: 'That giftcard is not valid.', status: 400 },
  'giftcard.expired': { code: 5002, message: 'Het bedrag op de kaart is verlopen. | This giftcard has expired.', status: 400 },
  'giftcard.not_upgradeable': { code: 5006, message: 'Deze giftcard kan niet opgewaardeerd worden. | This giftcard cannot be incremented.', status: 400 },
  'giftcard.max_amount_exceeded': { code: 5008, message: 'Maximale limiet op kaart bereikt. | Max amount will be exceeded.', status: 400 },
  'giftcard.insufficient_balance': { code: 5003, message: 'Het bedrag op de kaart is niet toereikend. | Insufficient amount on giftcard.', status: 400 },
  'giftcard_transaction.not_found': { code: 5010, message: 'Giftcard transaction not found.', status: 400 },
  'giftcard_transaction.not_last': { code: 55025, message: 'This is not the giftcards last transaction.', status: 400 },
  'prepaid.insufficient_balance': { code: 1003, message: 'Invalid input.', status: 400 },
  'prepaid_transaction.not_found': { code: 1003, message: 'Invalid input.', status: 400 },
  'promotion.not_found': { code: 80002, message: 'Promotion not found.', status: 400 },
  'voucher.not_found': { code: 80004, message: 'Voucher not found.', status: 400 },
  'voucher.exists': { code: 80003, message: 'Voucher already exists.', status: 400 },
  'voucher.limit_reached': { code: 80008, message: 'Voucher limit reached.', status: 400 },
  'voucher.expired': { code: 80006, message: 'Voucher has expired.', status: 400 },
  'voucher.redeemed': { code: 80005, message: 'Voucher code as already been redeemed.', status: 400 },
  'voucher.deactivated': { code: 80012, message: 'Voucher is deactivated.', status: 400 },
  'voucher.inactive': { code: 80014, message: 'Voucher is inactive.', status: 400 },
  'voucher.locked': { code: 80017, message: 'Voucher is already locked.', status: 400 },
  'voucher.not_enough_redemptions': { code: 80019, message: "Voucher doesn't have enough redemptions left.", status: 400 },
  'webhook.not_found': { code: 80300, message: 'Webhook subscription not found.', status: 400 },
  'portal_session.finished': INVALID,
  'visitor.not_found': { code: 60013, message: 'Model not found.', status: 400 },
  'visitor.duplicate': { code: 1003, message: 'Visitor duplicate.', status: 400 },
  'center.not_found': { code: 60013, message: 'Model not found.', status: 400 },
  'resource.not_found': { code: 60013, message: 'Model not found.', status: 400 },
  'resource.duplicate': { code: 1003, message: 'Resource duplicate.', status: 400 },
  'parking.visitor_mismatch': { code: 1003, message: 'Parking visitor mismatch.', status: 400 },
  'challenge.invalid_status': { code: 1003, message: 'Challenge invalid status.', status: 400 },
  'challenge.not_ended': { code: 1003, message: 'Challenge not ended.', status: 400 },
  'auth.token_expired': { code: 401, message: 'Unauthenticated.', status: 401 },
  'redeem.not_found': { code: 60013, message: 'Model not found.', status: 400 },
  'redeem.expired': { code: 1003, message: 'Redeem expired.', status: 400 },
  'redeem.invalid_code': { code: 1003, message: 'Redeem invalid code.', status: 400 },
  'redeem.closed': { code: 1003, message: 'Redeem closed.', status: 400 },
} satisfies ErrorTable<LeatError>

/**
 * The dialect's field names for the domain's subjects; a route whose fields
 * differ names its own in `config.fields`.
 */
export const fieldNames = {
  amount: 'amount_in_cents',
  attributes: 'attributes',
  clientSecret: 'client_secret',
  code: 'code',
  contact: 'contact_uuid',
  creditReception: 'credit_reception_uuid',
  credits: 'credits',
  email: 'email',
  eventType: 'event_type',
  expiry: 'expiration_date',
  giftcard: 'giftcard_uuid',
  giftcardProgram: 'giftcard_program_uuid',
  giftcardTransaction: 'giftcard_transaction_uuid',
  hash: 'hash',
  idempotencyKey: 'Idempotency-Key',
  identifier: 'contact_identifier_value',
  name: 'name',
  portalSession: 'portal_session_uuid',
  posTransaction: 'pos_transaction_uuid',
  prepaidTransaction: 'prepaid_transaction_uuid',
  promotion: 'promotion_uuid',
  quantity: 'unit_value',
  receptionUnit: 'unit_name',
  redemptions: 'number_of_times',
  referrer: 'referral_code',
  releaseKey: 'release_key',
  secret: 'secret',
  shop: 'shop_uuid',
  type: 'type',
  unit: 'unit_name',
  url: 'url',
  voucher: 'voucher_uuid',
  webhookSubscription: 'webhook_subscription_uuid',
} satisfies FieldNames

/**
 * Input a route's schema cannot check (at most two decimals, a date, one of
 * two fields), refused before any service is called: Leat's invalid input
 * (1003), naming the field as the client sent it.
 */
export class LeatInputError extends Error {
  readonly field: string
  readonly reason: string

  constructor(field: string, reason: string) {
    super(`${field} ${reason}`)
    this.name = 'LeatInputError'
    this.field = field
    this.reason = reason
  }
}
