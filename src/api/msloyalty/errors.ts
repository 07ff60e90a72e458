import type { ErrorTable, FieldNames } from '../shared/error-table.js'

export interface MsLoyaltyError {
  readonly status: number
  /** The envelope's `message`. */
  readonly message: string
  /** The warning's `value`: what went wrong with the field. */
  readonly value: string
  /** Field reported when the domain names none. */
  readonly field?: string
}

const VALIDATION = 'Error de Validacion'

export const errorTable = {
  'validation.invalid': { status: 422, message: VALIDATION, value: 'Dato inválido' },
  'auth.unauthenticated': { status: 401, message: 'Unauthenticated', value: 'Credenciales inválidas' },
  'auth.invalid_client': { status: 401, message: 'Unauthenticated', value: 'Cliente o secreto inválido', field: 'client_secret' },
  'auth.forbidden': { status: 403, message: 'Forbidden', value: 'Acceso denegado' },
  'account.not_found': { status: 404, message: '404 Not Found', value: 'Cuenta no encontrada' },
  'contact.not_found': { status: 404, message: '404 Not Found', value: 'Cliente no encontrado', field: 'customer.externalId' },
  'unit.not_found': { status: 422, message: VALIDATION, value: 'Unidad desconocida', field: 'type' },
  'tier.not_found': { status: 404, message: '404 Not Found', value: 'Grupo no encontrado' },
  'ledger.invalid_amount': { status: 422, message: VALIDATION, value: 'Monto inválido', field: 'total' },
  'ledger.insufficient_balance': { status: 422, message: VALIDATION, value: 'Saldo insuficiente', field: 'total' },
  'ledger.duplicate_transaction': { status: 422, message: VALIDATION, value: 'La transacción ya existe', field: 'code' },
  'ledger.entry_not_found': { status: 404, message: '404 Not Found', value: 'Transacción no encontrada', field: 'code' },
  'ledger.already_reversed': { status: 422, message: VALIDATION, value: 'La transacción ya fue revertida', field: 'code' },
  'ledger.not_reversible': { status: 422, message: VALIDATION, value: 'La transacción no se puede revertir', field: 'code' },
  'ledger.nothing_to_redeem': { status: 422, message: VALIDATION, value: 'El cliente no tiene saldo para redimir', field: 'customer.externalId' },
  'ledger.same_wallet': { status: 422, message: VALIDATION, value: 'El cliente de origen y destino es el mismo', field: 'customerTo.externalId' },
  'ledger.expiry_in_past': { status: 422, message: VALIDATION, value: 'La fecha de expiración ya pasó', field: 'expirationDate' },
  'idempotency.key_reused': { status: 422, message: VALIDATION, value: 'La clave de idempotencia se usó con otra solicitud', field: 'Idempotency-Key' },
  'visitor.not_found': { status: 404, message: '404 Not Found', value: 'Visitante no encontrado', field: 'visitorId' },
  'visitor.duplicate': { status: 422, message: VALIDATION, value: 'El visitante ya existe', field: 'email' },
  'center.not_found': { status: 404, message: '404 Not Found', value: 'Centro no encontrado', field: 'pcCode' },
  'resource.not_found': { status: 404, message: '404 Not Found', value: 'Recurso no encontrado' },
  'resource.duplicate': { status: 422, message: VALIDATION, value: 'El recurso ya existe' },
  'parking.visitor_mismatch': { status: 422, message: VALIDATION, value: 'Los identificadores corresponden a visitantes distintos' },
  'challenge.invalid_status': { status: 422, message: VALIDATION, value: 'No permitido en el estado del reto', field: 'status' },
  'challenge.not_ended': { status: 422, message: VALIDATION, value: 'El reto no ha terminado', field: 'ignoreEndDate' },
  'auth.token_expired': { status: 401, message: 'Unauthenticated', value: 'El token expiró' },
  'redeem.not_found': { status: 404, message: '404 Not Found', value: 'Solicitud de canje no encontrada', field: 'redeem_id' },
  'redeem.expired': { status: 422, message: VALIDATION, value: 'La solicitud de canje expiró', field: 'redeem_id' },
  'redeem.invalid_code': { status: 422, message: VALIDATION, value: 'Código de un solo uso inválido', field: 'otp' },
  'redeem.closed': { status: 422, message: VALIDATION, value: 'La solicitud de canje ya no está pendiente', field: 'redeem_id' },
  'shop.not_found': { status: 404, message: '404 Not Found', value: 'Tienda no encontrada', field: 'shop_uuid' },
  'identifier.not_found': { status: 404, message: '404 Not Found', value: 'Identificador no encontrado', field: 'contact_identifier_value' },
  'identifier.inactive': { status: 422, message: VALIDATION, value: 'Identificador inactivo', field: 'contact_identifier_value' },
  'identifier.exists': { status: 422, message: VALIDATION, value: 'El identificador ya existe', field: 'contact_identifier_value' },
  'identifier.already_linked': { status: 422, message: VALIDATION, value: 'El identificador ya está vinculado', field: 'contact_identifier_value' },
  'contact.exists': { status: 422, message: VALIDATION, value: 'El cliente ya existe', field: 'email' },
  'unit.exists': { status: 422, message: VALIDATION, value: 'La unidad ya existe', field: 'name' },
  'portal_session.not_found': { status: 404, message: '404 Not Found', value: 'Sesión no encontrada', field: 'portal_session_uuid' },
  'portal_session.expired': { status: 422, message: VALIDATION, value: 'La sesión expiró', field: 'portal_session_uuid' },
  'giftcard_program.not_found': { status: 404, message: '404 Not Found', value: 'Programa de tarjetas no encontrado', field: 'giftcard_program_uuid' },
  'giftcard.not_found': { status: 404, message: '404 Not Found', value: 'Tarjeta de regalo no encontrada', field: 'giftcard_uuid' },
  'giftcard.type_not_supported': { status: 422, message: VALIDATION, value: 'Solo se pueden crear tarjetas digitales', field: 'type' },
  'giftcard.inactive': { status: 422, message: VALIDATION, value: 'La tarjeta de regalo no es válida', field: 'giftcard_uuid' },
  'giftcard.expired': { status: 422, message: VALIDATION, value: 'La tarjeta de regalo expiró', field: 'giftcard_uuid' },
  'giftcard.not_upgradeable': { status: 422, message: VALIDATION, value: 'La tarjeta de regalo no se puede recargar', field: 'amount_in_cents' },
  'giftcard.max_amount_exceeded': { status: 422, message: VALIDATION, value: 'Se superaría el monto máximo de la tarjeta', field: 'amount_in_cents' },
  'giftcard.insufficient_balance': { status: 422, message: VALIDATION, value: 'Saldo insuficiente en la tarjeta de regalo', field: 'amount_in_cents' },
  'giftcard_transaction.not_found': { status: 404, message: '404 Not Found', value: 'Transacción no encontrada', field: 'giftcard_transaction_uuid' },
  'giftcard_transaction.not_last': { status: 422, message: VALIDATION, value: 'No es la última transacción de la tarjeta', field: 'giftcard_transaction_uuid' },
  'prepaid.insufficient_balance': { status: 422, message: VALIDATION, value: 'Saldo prepago insuficiente', field: 'amount_in_cents' },
  'prepaid_transaction.not_found': { status: 404, message: '404 Not Found', value: 'Transacción prepaga no encontrada', field: 'prepaid_transaction_uuid' },
  'promotion.not_found': { status: 404, message: '404 Not Found', value: 'Promoción no encontrada', field: 'promotion_uuid' },
  'voucher.not_found': { status: 404, message: '404 Not Found', value: 'Cupón no encontrado', field: 'code' },
  'voucher.exists': { status: 422, message: VALIDATION, value: 'El cupón ya existe', field: 'code' },
  'voucher.limit_reached': { status: 422, message: VALIDATION, value: 'Se alcanzó el límite de cupones', field: 'promotion_uuid' },
  'voucher.expired': { status: 422, message: VALIDATION, value: 'El cupón expiró', field: 'code' },
  'voucher.redeemed': { status: 422, message: VALIDATION, value: 'El cupón ya fue canjeado', field: 'code' },
  'voucher.deactivated': { status: 422, message: VALIDATION, value: 'El cupón está desactivado', field: 'code' },
  'voucher.inactive': { status: 422, message: VALIDATION, value: 'El cupón aún no está activo', field: 'code' },
  'voucher.locked': { status: 422, message: VALIDATION, value: 'El cupón está bloqueado', field: 'code' },
  'voucher.not_enough_redemptions': { status: 422, message: VALIDATION, value: 'El cupón no tiene canjes suficientes', field: 'number_of_times' },
  'webhook.not_found': { status: 404, message: '404 Not Found', value: 'Suscripción de webhook no encontrada', field: 'webhook_subscription_uuid' },
  'portal_session.finished': { status: 422, message: VALIDATION, value: 'La sesión ya terminó', field: 'portal_session_uuid' },
} satisfies ErrorTable<MsLoyaltyError>

/**
 * The dialect's field names for the domain's subjects; a route whose fields
 * differ names its own in `config.fields`.
 */
export const fieldNames = {
  amount: 'total',
  balance: 'balance',
  code: 'code',
  contact: 'customer.externalId',
  endDate: 'endDate',
  expiry: 'expirationDate',
  idempotencyKey: 'Idempotency-Key',
  lot: 'lot',
  receiver: 'customerTo.externalId',
  sender: 'customerFrom.externalId',
  type: 'type',
  unit: 'unit',
} satisfies FieldNames
