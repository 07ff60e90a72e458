import type { FastifySchemaValidationError } from 'fastify'
import type { ErrorTable, FieldNames } from '../shared/error-table.js'
import type { ErrorEntry } from './envelope.js'

export interface WestfieldError {
  readonly status: number
  /** The entry's `type`: the kind of failure, shared by codes a client handles alike. */
  readonly type: string
  /** The entry's `message` when the domain gives no reason. */
  readonly message: string
  /** Field reported when the domain names none. */
  readonly field?: string
}

const VALIDATION = 'validation_error'
const NOT_FOUND = 'not_found'
const CONFLICT = 'conflict'

/** Rows are appended at the end, in the order of `errorCodes`. */
export const errorTable = {
  'validation.invalid': { status: 422, type: VALIDATION, message: 'is invalid' },
  'auth.unauthenticated': { status: 401, type: 'authentication_error', message: 'missing, unknown or expired credentials', field: 'Authorization' },
  'auth.invalid_client': { status: 401, type: 'authentication_error', message: 'unknown client or wrong secret', field: 'client_secret' },
  'auth.forbidden': { status: 403, type: 'authorization_error', message: 'not allowed' },
  'account.not_found': { status: 404, type: NOT_FOUND, message: 'account not found' },
  'contact.not_found': { status: 404, type: NOT_FOUND, message: 'visitor not found', field: 'visitorId' },
  'unit.not_found': { status: 422, type: VALIDATION, message: 'unknown unit' },
  'tier.not_found': { status: 404, type: NOT_FOUND, message: 'tier not found' },
  'ledger.invalid_amount': { status: 422, type: VALIDATION, message: 'invalid amount' },
  'ledger.insufficient_balance': { status: 422, type: VALIDATION, message: 'insufficient balance' },
  'ledger.duplicate_transaction': { status: 409, type: CONFLICT, message: 'the transaction already exists' },
  'ledger.entry_not_found': { status: 404, type: NOT_FOUND, message: 'transaction not found' },
  'ledger.already_reversed': { status: 409, type: CONFLICT, message: 'the transaction was already reversed' },
  'ledger.not_reversible': { status: 422, type: VALIDATION, message: 'the transaction cannot be reversed' },
  'ledger.nothing_to_redeem': { status: 422, type: VALIDATION, message: 'nothing to redeem' },
  'ledger.same_wallet': { status: 422, type: VALIDATION, message: 'source and target are the same' },
  'ledger.expiry_in_past': { status: 422, type: VALIDATION, message: 'the expiry date is in the past' },
  'idempotency.key_reused': { status: 409, type: CONFLICT, message: 'this key was used with a different request', field: 'Idempotency-Key' },
  'visitor.not_found': { status: 404, type: NOT_FOUND, message: 'visitor not found', field: 'visitorId' },
  'visitor.duplicate': { status: 409, type: CONFLICT, message: 'a visitor with this email already exists', field: 'email' },
  'center.not_found': { status: 404, type: NOT_FOUND, message: 'center not found', field: 'pcCode' },
  'resource.not_found': { status: 404, type: NOT_FOUND, message: 'not found' },
  'resource.duplicate': { status: 409, type: CONFLICT, message: 'already exists' },
  'parking.visitor_mismatch': { status: 409, type: CONFLICT, message: 'the ids given name different visitors' },
  'challenge.invalid_status': { status: 409, type: CONFLICT, message: "not allowed in the challenge's status", field: 'status' },
  'challenge.not_ended': { status: 409, type: CONFLICT, message: 'the challenge has not reached its end date', field: 'ignoreEndDate' },
  'auth.token_expired': { status: 401, type: 'authentication_error', message: 'auth token expired' },
  'redeem.not_found': { status: 404, type: NOT_FOUND, message: 'redeem not found' },
  'redeem.expired': { status: 422, type: VALIDATION, message: 'redeem expired' },
  'redeem.invalid_code': { status: 422, type: VALIDATION, message: 'redeem invalid code' },
  'redeem.closed': { status: 409, type: CONFLICT, message: 'redeem closed' },
  'shop.not_found': { status: 404, type: NOT_FOUND, message: 'shop not found' },
  'identifier.not_found': { status: 404, type: NOT_FOUND, message: 'identifier not found' },
  'identifier.inactive': { status: 422, type: VALIDATION, message: 'identifier inactive' },
  'identifier.exists': { status: 409, type: CONFLICT, message: 'identifier exists' },
  'identifier.already_linked': { status: 409, type: CONFLICT, message: 'identifier already linked' },
  'contact.exists': { status: 409, type: CONFLICT, message: 'contact exists' },
  'unit.exists': { status: 409, type: CONFLICT, message: 'unit exists' },
  'portal_session.not_found': { status: 404, type: NOT_FOUND, message: 'portal session not found' },
  'portal_session.expired': { status: 422, type: VALIDATION, message: 'portal session expired' },
  'giftcard_program.not_found': { status: 404, type: NOT_FOUND, message: 'giftcard program not found' },
  'giftcard.not_found': { status: 404, type: NOT_FOUND, message: 'giftcard not found' },
  'giftcard.type_not_supported': { status: 422, type: VALIDATION, message: 'giftcard type not supported' },
  'giftcard.inactive': { status: 422, type: VALIDATION, message: 'giftcard inactive' },
  'giftcard.expired': { status: 422, type: VALIDATION, message: 'giftcard expired' },
  'giftcard.not_upgradeable': { status: 422, type: VALIDATION, message: 'giftcard not upgradeable' },
  'giftcard.max_amount_exceeded': { status: 422, type: VALIDATION, message: 'giftcard max amount exceeded' },
  'giftcard.insufficient_balance': { status: 422, type: VALIDATION, message: 'giftcard insufficient balance' },
  'giftcard_transaction.not_found': { status: 404, type: NOT_FOUND, message: 'giftcard transaction not found' },
  'giftcard_transaction.not_last': { status: 409, type: CONFLICT, message: 'giftcard transaction not last' },
  'prepaid.insufficient_balance': { status: 422, type: VALIDATION, message: 'prepaid insufficient balance' },
  'prepaid_transaction.not_found': { status: 404, type: NOT_FOUND, message: 'prepaid transaction not found' },
  'promotion.not_found': { status: 404, type: NOT_FOUND, message: 'promotion not found' },
  'voucher.not_found': { status: 404, type: NOT_FOUND, message: 'voucher not found' },
  'voucher.exists': { status: 409, type: CONFLICT, message: 'voucher exists' },
  'voucher.limit_reached': { status: 409, type: CONFLICT, message: 'voucher limit reached' },
  'voucher.expired': { status: 422, type: VALIDATION, message: 'voucher expired' },
  'voucher.redeemed': { status: 409, type: CONFLICT, message: 'voucher redeemed' },
  'voucher.deactivated': { status: 422, type: VALIDATION, message: 'voucher deactivated' },
  'voucher.inactive': { status: 422, type: VALIDATION, message: 'voucher inactive' },
  'voucher.locked': { status: 409, type: CONFLICT, message: 'voucher locked' },
  'voucher.not_enough_redemptions': { status: 422, type: VALIDATION, message: 'voucher not enough redemptions' },
  'webhook.not_found': { status: 404, type: NOT_FOUND, message: 'webhook not found' },
  'portal_session.finished': { status: 422, type: VALIDATION, message: 'portal session finished' },
} satisfies ErrorTable<WestfieldError>

/** `/0/visitorId` -> `[0].visitorId`; `/address/city` -> `address.city`. */
const jsonPath = (instancePath: string, extra?: string): string => {
  const parts = instancePath.split('/').filter((p) => p !== '')
  if (extra !== undefined) parts.push(extra)
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '')
}

const messageOf = (e: FastifySchemaValidationError): string => {
  const params = e.params as Record<string, unknown>
  switch (e.keyword) {
    case 'required':
      return 'is required'
    case 'additionalProperties':
      return 'is not an accepted field'
    case 'enum':
      return Array.isArray(params.allowedValues) && params.allowedValues.length <= 12
        ? `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
        : 'is not an accepted value'
    default:
      return e.message ?? 'is invalid'
  }
}

/**
 * One entry per offending field, named by its JSON path (query and path
 * parameters by their name). A field that breaks several rules is reported
 * once, with the first rule it broke; a nullable field's "must be null" twin
 * of a real reason is dropped.
 */
export const validationEntries = (errors: readonly FastifySchemaValidationError[], context: string): ErrorEntry[] => {
  const seen = new Map<string, ErrorEntry>()
  for (const e of errors) {
    if (e.keyword === 'anyOf' || (e.keyword === 'type' && (e.params as { type?: unknown }).type === 'null')) continue
    const params = e.params as Record<string, unknown>
    const extra =
      e.keyword === 'required' && typeof params.missingProperty === 'string'
        ? params.missingProperty
        : e.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string'
          ? params.additionalProperty
          : undefined
    const field = jsonPath(e.instancePath, extra) || context
    if (!seen.has(field)) seen.set(field, { code: 'validation.invalid', type: VALIDATION, field, message: messageOf(e) })
  }
  return [...seen.values()]
}

/**
 * The dialect's field names for the domain's subjects; a route whose fields
 * differ names its own in `config.fields`.
 */
export const fieldNames = {
  idempotencyKey: 'Idempotency-Key',
} satisfies FieldNames
