import { type Static, Type } from '@sinclair/typebox'

const text = (maxLength = 255) => Type.String({ minLength: 1, maxLength })
const date = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' })
/** A decimal amount with at most two decimals; checked to be exact in the mapper. */
const amount = Type.Number({ minimum: -1e11, maximum: 1e11 })

/**
 * Required fields are those of the source document's JSON schemas; objects
 * accept further fields (a customer's `data` is free-form beyond its four
 * documented keys).
 */
const name = Type.String({ maxLength: 255 })
const Party = Type.Object({ externalId: text(), name })
const OptionalNameParty = Type.Object({ externalId: text(), name: Type.Optional(name) })
const CustomerData = Type.Object(
  { vendorId: Type.Unknown(), businessOwner: Type.Unknown(), giftCardAmount: Type.Unknown(), giftCardType: Type.Unknown() },
  { additionalProperties: true },
)
/** The customer of `POST /api/transaction`: the document requires `name` and `data` with its four keys. */
const TransactionCustomer = Type.Object({ externalId: text(), name, data: CustomerData, referredBy: Type.Optional(text()) })
/** The customer of an order: the document requires `externalId` and `name`. */
const OrderCustomer = Type.Object({
  externalId: text(),
  name,
  data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  referredBy: Type.Optional(text()),
})

export const TokenBody = Type.Object({
  grant_type: Type.Literal('client_credentials'),
  client_id: Type.Integer({ minimum: 1 }),
  client_secret: text(512),
})
export type TokenBody = Static<typeof TokenBody>

export const TransactionBody = Type.Object({
  type: text(),
  code: Type.Optional(text()),
  externalId: Type.Optional(text()),
  expirationDate: Type.Optional(date),
  title: Type.Optional(Type.String({ maxLength: 255 })),
  description: Type.String({ maxLength: 1000 }),
  total: amount,
  customer: TransactionCustomer,
  store: Type.Optional(OptionalNameParty),
  vendor: Type.Optional(OptionalNameParty),
  checkbookId: Type.Optional(Type.String({ maxLength: 255 })),
  transferTransactionId: Type.Optional(Type.String({ maxLength: 255 })),
})
export type TransactionBody = Static<typeof TransactionBody>

const Detail = Type.Object({
  name,
  externalId: text(),
  total: amount,
  earnedRedeemed: Type.Optional(amount),
  quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
})

export const CheckbookBody = Type.Object({
  type: text(),
  customer: OrderCustomer,
  code: text(),
  externalId: text(),
  total: amount,
  /** Optional in the document: defaults to the sum of the detail lines' `earnedRedeemed`. */
  earnedRedeemed: Type.Optional(amount),
  store: Party,
  title: Type.Optional(Type.String({ maxLength: 255 })),
  detail: Type.Optional(Type.Union([Detail, Type.Array(Detail, { maxItems: 500 })])),
})
export type CheckbookBody = Static<typeof CheckbookBody>

export const RedeemFullBalanceBody = Type.Omit(CheckbookBody, ['earnedRedeemed'])
export type RedeemFullBalanceBody = Static<typeof RedeemFullBalanceBody> & { earnedRedeemed?: number }

export const ReverseBody = Type.Object({ type: text(), code: text() })
export type ReverseBody = Static<typeof ReverseBody>

export const ReverseManyBody = Type.Object({ type: text(), codes: Type.Array(text(), { minItems: 1, maxItems: 500 }) })
export type ReverseManyBody = Static<typeof ReverseManyBody>

export const TransferBody = Type.Object({
  type: text(),
  total: amount,
  title: Type.Optional(Type.String({ maxLength: 255 })),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  customerFrom: Party,
  customerTo: Party,
})
export type TransferBody = Static<typeof TransferBody>

export const HistoryQuery = Type.Object({
  customerId: text(),
  page: Type.Integer({ minimum: 1 }),
  perPage: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
})
export type HistoryQuery = Static<typeof HistoryQuery>

export const ByCodeQuery = Type.Object({ code: text(), type: text() })
export type ByCodeQuery = Static<typeof ByCodeQuery>

export const ByCustomerQuery = Type.Object({ document: text(), from: date, to: date })
export type ByCustomerQuery = Static<typeof ByCustomerQuery>

export const CustomerIdQuery = Type.Object({ customerId: text() })
export type CustomerIdQuery = Static<typeof CustomerIdQuery>

export const ExternalIdQuery = Type.Object({ externalId: text() })
export type ExternalIdQuery = Static<typeof ExternalIdQuery>

export const DateRangeQuery = Type.Object({ startDate: date, endDate: date })
export type DateRangeQuery = Static<typeof DateRangeQuery>
