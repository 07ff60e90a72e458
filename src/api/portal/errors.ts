import type { ErrorCode } from '../../domain/shared/errors.js'
import type { FieldNames } from '../shared/error-table.js'

/**
 * The HTTP status of each domain error on the kiosk API. The page shows its
 * own translated message for every code, so the API needs only the status;
 * it follows the code's reason, so a code added elsewhere gets a sensible
 * status without a row here.
 */
export const kioskStatus = (code: ErrorCode): number => {
  if (code === 'validation.invalid') return 400
  if (code === 'auth.unauthenticated' || code === 'auth.invalid_client') return 401
  if (code === 'auth.forbidden') return 403
  if (code === 'portal_session.expired') return 410
  if (code === 'idempotency.key_reused') return 409
  const reason = code.slice(code.indexOf('.') + 1)
  if (reason === 'not_found') return 404
  if (reason === 'finished' || reason === 'exists' || reason === 'already_exists' || reason === 'locked') return 409
  // Everything else is a business rule that refused the step: insufficient balance, a used voucher.
  return 422
}

/**
 * The dialect's field names for the domain's subjects; a route whose fields
 * differ names its own in `config.fields`.
 */
export const fieldNames = {
  amount: 'amount_in_cents',
  code: 'code',
  contact: 'contact',
  email: 'email',
  hash: 'hash',
  idempotencyKey: 'Idempotency-Key',
  identifier: 'contact_identifier_value',
  portalSession: 'uuid',
  releaseKey: 'release_key',
  shop: 'shop_uuid',
} satisfies FieldNames
