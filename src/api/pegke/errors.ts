import type { FastifyRequest } from 'fastify'
import type { ErrorTable, FieldNames } from '../shared/error-table.js'

/** How Pegke shows a failure: the HTTP status and the body's numeric `code` and `message`. */
export interface PegkeErrorRow {
  readonly status: number
  readonly code: number
  readonly message: string
  /** Field reported when the domain names none. */
  readonly field?: string
}

/** Failures decided by the Pegke layer itself, before any domain service runs. */
export const VALUE_MISSING = { status: 400, code: 1, message: 'Value missing' } as const
export const ID_TYPE_MISMATCH = { status: 400, code: 2, message: 'idType mismatch' } as const
export const INVALID_VALUE = { status: 400, code: 3, message: 'Invalid value' } as const
export const NOT_FOUND = { status: 404, code: 34, message: 'Sorry, that page does not exist' } as const
export const HTTPS_REQUIRED = { status: 403, code: 92, message: 'HTTPS is required' } as const
export const TOO_MANY_TOKEN_REQUESTS = { status: 403, code: 99, message: 'Token requests are too frequent: cache the token and reuse it' } as const
export const RATE_LIMITED = { status: 429, code: 88, message: 'Rate limit exceeded' } as const
export const INTERNAL = { status: 500, code: 131, message: 'Internal error' } as const

/** A failure of the Pegke layer, shown as it is by the error handler. */
export class PegkeError extends Error {
  readonly row: PegkeErrorRow
  readonly field: string | undefined

  constructor(row: PegkeErrorRow, field?: string, detail?: string) {
    super(detail ?? row.message)
    this.name = 'PegkeError'
    this.row = row
    this.field = field
  }
}

export const errorTable = {
  'validation.invalid': INVALID_VALUE,
  'auth.unauthenticated': { status: 401, code: 89, message: 'Invalid or expired token' },
  'auth.invalid_client': { status: 401, code: 32, message: 'Could not authenticate you', field: 'client_secret' },
  'auth.forbidden': { status: 403, code: 93, message: 'This client is not allowed to do that' },
  'account.not_found': { status: 404, code: 34, message: 'Merchant not found' },
  'contact.not_found': { status: 404, code: 50, message: 'User not found' },
  'unit.not_found': { status: 400, code: 3, message: 'Unknown unit', field: 'points' },
  'tier.not_found': { status: 404, code: 34, message: 'Tier not found' },
  'ledger.invalid_amount': { status: 400, code: 3, message: 'Invalid points', field: 'points' },
  'ledger.insufficient_balance': { status: 422, code: 60, message: 'Insufficient points', field: 'points' },
  'ledger.duplicate_transaction': { status: 409, code: 61, message: 'Transaction already exists' },
  'ledger.entry_not_found': { status: 404, code: 34, message: 'Transaction not found' },
  'ledger.already_reversed': { status: 409, code: 62, message: 'Transaction already reversed' },
  'ledger.not_reversible': { status: 422, code: 63, message: 'Transaction cannot be reversed' },
  'ledger.nothing_to_redeem': { status: 422, code: 60, message: 'Insufficient points', field: 'points' },
  'ledger.same_wallet': { status: 422, code: 3, message: 'Sender and receiver are the same user' },
  'ledger.expiry_in_past': { status: 400, code: 3, message: 'Expiry date has passed' },
  'idempotency.key_reused': { status: 422, code: 70, message: 'Idempotency-Key was used with a different request', field: 'Idempotency-Key' },
  'auth.token_expired': { status: 401, code: 90, message: 'Access token expired' },
  'redeem.not_found': { status: 404, code: 51, message: 'Redeem request not found', field: 'redeem_id' },
  'redeem.expired': { status: 422, code: 52, message: 'Redeem request expired', field: 'redeem_id' },
  'redeem.invalid_code': { status: 422, code: 53, message: 'Invalid one-time code', field: 'otp' },
  'redeem.closed': { status: 409, code: 54, message: 'Redeem request is no longer pending', field: 'redeem_id' },
  'visitor.not_found': { status: 404, code: 34, message: 'Visitor not found' },
  'visitor.duplicate': { status: 409, code: 64, message: 'Visitor duplicate' },
  'center.not_found': { status: 404, code: 34, message: 'Center not found' },
  'resource.not_found': { status: 404, code: 34, message: 'Resource not found' },
  'resource.duplicate': { status: 409, code: 64, message: 'Resource duplicate' },
  'parking.visitor_mismatch': { status: 409, code: 64, message: 'Parking visitor mismatch' },
  'challenge.invalid_status': { status: 409, code: 64, message: 'Challenge invalid status' },
  'challenge.not_ended': { status: 409, code: 64, message: 'Challenge not ended' },
  'shop.not_found': { status: 404, code: 34, message: 'Shop not found' },
  'identifier.not_found': { status: 404, code: 34, message: 'Identifier not found' },
  'identifier.inactive': { status: 422, code: 3, message: 'Identifier inactive' },
  'identifier.exists': { status: 409, code: 64, message: 'Identifier exists' },
  'identifier.already_linked': { status: 409, code: 64, message: 'Identifier already linked' },
  'contact.exists': { status: 409, code: 64, message: 'Contact exists' },
  'unit.exists': { status: 409, code: 64, message: 'Unit exists' },
  'portal_session.not_found': { status: 404, code: 34, message: 'Portal session not found' },
  'portal_session.expired': { status: 422, code: 3, message: 'Portal session expired' },
  'giftcard_program.not_found': { status: 404, code: 34, message: 'Giftcard program not found' },
  'giftcard.not_found': { status: 404, code: 34, message: 'Giftcard not found' },
  'giftcard.type_not_supported': { status: 422, code: 3, message: 'Giftcard type not supported' },
  'giftcard.inactive': { status: 422, code: 3, message: 'Giftcard inactive' },
  'giftcard.expired': { status: 422, code: 3, message: 'Giftcard expired' },
  'giftcard.not_upgradeable': { status: 422, code: 3, message: 'Giftcard not upgradeable' },
  'giftcard.max_amount_exceeded': { status: 422, code: 3, message: 'Giftcard max amount exceeded' },
  'giftcard.insufficient_balance': { status: 422, code: 3, message: 'Giftcard insufficient balance' },
  'giftcard_transaction.not_found': { status: 404, code: 34, message: 'Giftcard transaction not found' },
  'giftcard_transaction.not_last': { status: 409, code: 64, message: 'Giftcard transaction not last' },
  'prepaid.insufficient_balance': { status: 422, code: 3, message: 'Prepaid insufficient balance' },
  'prepaid_transaction.not_found': { status: 404, code: 34, message: 'Prepaid transaction not found' },
  'promotion.not_found': { status: 404, code: 34, message: 'Promotion not found' },
  'voucher.not_found': { status: 404, code: 34, message: 'Voucher not found' },
  'voucher.exists': { status: 409, code: 64, message: 'Voucher exists' },
  'voucher.limit_reached': { status: 409, code: 64, message: 'Voucher limit reached' },
  'voucher.expired': { status: 422, code: 3, message: 'Voucher expired' },
  'voucher.redeemed': { status: 409, code: 64, message: 'Voucher redeemed' },
  'voucher.deactivated': { status: 422, code: 3, message: 'Voucher deactivated' },
  'voucher.inactive': { status: 422, code: 3, message: 'Voucher inactive' },
  'voucher.locked': { status: 409, code: 64, message: 'Voucher locked' },
  'voucher.not_enough_redemptions': { status: 422, code: 3, message: 'Voucher not enough redemptions' },
  'webhook.not_found': { status: 404, code: 34, message: 'Webhook not found' },
  'portal_session.finished': { status: 422, code: 3, message: 'Portal session finished' },
} satisfies ErrorTable<PegkeErrorRow>

/** The user key a request named its user by (`mob`, `cid`, `email`), in the body or the query string. */
const idTypeOf = (req: FastifyRequest): string => {
  const named = (source: unknown) =>
    typeof source === 'object' && source !== null && 'idType' in source && typeof source.idType === 'string' ? source.idType : undefined
  return named(req.body) ?? named(req.query) ?? 'idType'
}

/**
 * The dialect's field names for the domain's subjects; a route whose fields
 * differ names its own in `config.fields`.
 */
export const fieldNames = {
  accessToken: 'access_token',
  amount: 'points',
  clientSecret: 'client_secret',
  contact: (_index, req) => idTypeOf(req),
  idempotencyKey: 'Idempotency-Key',
  otp: 'otp',
  redeem: 'redeem_id',
  refreshToken: 'refresh_token',
  unit: 'points',
} satisfies FieldNames
