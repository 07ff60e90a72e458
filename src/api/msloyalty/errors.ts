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
  'shop.not_found': { status: 404, message: '404 Not Found', value: 'Tienda no encontrada', field: 'shop_uuid' },
  'identifier.not_found': { status: 404, message: '404 Not Found', value: 'Identificador no encontrado', field: 'contact_identifier_value' },
  'identifier.inactive': { status: 422, message: VALIDATION, value: 'Identificador inactivo', field: 'contact_identifier_value' },
  'identifier.exists': { status: 422, message: VALIDATION, value: 'El identificador ya existe', field: 'contact_identifier_value' },
  'identifier.already_linked': { status: 422, message: VALIDATION, value: 'El identificador ya está vinculado', field: 'contact_identifier_value' },
  'contact.exists': { status: 422, message: VALIDATION, value: 'El cliente ya existe', field: 'email' },
  'unit.exists': { status: 422, message: VALIDATION, value: 'La unidad ya existe', field: 'name' },
  'portal_session.not_found': { status: 404, message: '404 Not Found', value: 'Sesión no encontrada', field: 'portal_session_uuid' },
  'portal_session.expired': { status: 422, message: VALIDATION, value: 'La sesión expiró', field: 'portal_session_uuid' },
} satisfies ErrorTable<MsLoyaltyError>
