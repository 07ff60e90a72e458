import type { ErrorTable } from '../shared/error-table.js'

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
} satisfies ErrorTable<MsLoyaltyError>
