/**
 * Every failure the domain can report, as a closed list of stable codes.
 * Each API dialect maps every code in an exhaustive table, so adding a code
 * here fails the type check until every dialect has decided how to show it.
 */
export const errorCodes = [
  'validation.invalid',
  'auth.unauthenticated',
  'auth.invalid_client',
  'auth.forbidden',
  'account.not_found',
  'contact.not_found',
  'unit.not_found',
  'tier.not_found',
  'ledger.invalid_amount',
  'ledger.insufficient_balance',
  'ledger.duplicate_transaction',
  'ledger.entry_not_found',
  'ledger.already_reversed',
  'ledger.not_reversible',
  'ledger.nothing_to_redeem',
  'ledger.same_wallet',
  'ledger.expiry_in_past',
  'idempotency.key_reused',
  'visitor.not_found',
  'visitor.duplicate',
  'center.not_found',
  'resource.not_found',
  'resource.duplicate',
  'parking.visitor_mismatch',
  'challenge.invalid_status',
  'challenge.not_ended',
  'auth.token_expired',
  'redeem.not_found',
  'redeem.expired',
  'redeem.invalid_code',
  'redeem.closed',
  'shop.not_found',
  'identifier.not_found',
  'identifier.inactive',
  'identifier.exists',
  'identifier.already_linked',
  'contact.exists',
  'unit.exists',
  'portal_session.not_found',
  'portal_session.expired',
  'giftcard_program.not_found',
  'giftcard.not_found',
  'giftcard.type_not_supported',
  'giftcard.inactive',
  'giftcard.expired',
  'giftcard.not_upgradeable',
  'giftcard.max_amount_exceeded',
  'giftcard.insufficient_balance',
  'giftcard_transaction.not_found',
  'giftcard_transaction.not_last',
  'prepaid.insufficient_balance',
  'prepaid_transaction.not_found',
  'promotion.not_found',
  'voucher.not_found',
  'voucher.exists',
  'voucher.limit_reached',
  'voucher.expired',
  'voucher.redeemed',
  'voucher.deactivated',
  'voucher.inactive',
  'voucher.locked',
  'voucher.not_enough_redemptions',
  'webhook.not_found',
  'portal_session.finished',
] as const

export type ErrorCode = (typeof errorCodes)[number]

/**
 * What an error is about, in the domain's own words. The domain never names
 * a dialect's field: each dialect's error table turns a subject into its own
 * field name (`amount` is MS Loyalty's `total`, Pegke's `points`, Leat's
 * `amount_in_cents`), so the same rule reads right in every API.
 */
export const subjects = [
  'account',
  'accessToken',
  'amount',
  'attributes',
  'balance',
  'barcode',
  'center',
  'challenge',
  'client',
  'clientSecret',
  'code',
  'company',
  'contact',
  'creditReception',
  'credits',
  'device',
  'email',
  'endDate',
  'eventType',
  'expiry',
  'externalId',
  'externalType',
  'giftcard',
  'giftcardProgram',
  'giftcardTransaction',
  'hash',
  'id',
  'identifier',
  'idempotencyKey',
  'ignoreEndDate',
  'legalText',
  'licensePlate',
  'locale',
  'lot',
  'name',
  'newCenter',
  'optinType',
  'otp',
  'portalSession',
  'posTransaction',
  'prepaidTransaction',
  'promotion',
  'quantity',
  'receiver',
  'receptionUnit',
  'redeem',
  'redemptions',
  'referrer',
  'refreshToken',
  'releaseKey',
  'reward',
  'secret',
  'sender',
  'service',
  'serviceTarget',
  'serviceTheme',
  'shop',
  'status',
  'type',
  'unit',
  'unitValue',
  'updatedAt',
  'url',
  'vehicle',
  'version',
  'visitor',
  'voucher',
  'webhookSubscription',
] as const

export type Subject = (typeof subjects)[number]

export interface ErrorDetail {
  /** What the error is about; each dialect names its own field for it. */
  readonly subject?: Subject
  /** Which item of a list input the error is about (the third code of a batch), 0-based. */
  readonly index?: number
  /**
   * @deprecated a dialect's field name chosen in the domain; being replaced
   * by `subject`, module by module.
   */
  readonly field?: string
  /** A short human-readable reason. */
  readonly reason?: string
}

export class DomainError extends Error {
  readonly code: ErrorCode
  readonly detail: ErrorDetail

  constructor(code: ErrorCode, detail: ErrorDetail = {}) {
    super(detail.reason ? `${code}: ${detail.reason}` : code)
    this.name = 'DomainError'
    this.code = code
    this.detail = detail
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError
