import { type Static, Type } from '@sinclair/typebox'

const Format = Type.Optional(Type.Literal('json', { description: 'Only `json` is served.' }))
const IdType = Type.Union([Type.Literal('mob'), Type.Literal('cid'), Type.Literal('email')], { description: 'Which field names the user.' })
const Mob = Type.Optional(Type.Union([Type.String(), Type.Integer()], { description: '10-digit mobile number' }))
const Cid = Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 128 }), Type.Integer()], { description: 'customer id' }))
const Email = Type.Optional(Type.String({ maxLength: 254 }))
const Store = Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: "the store's id; `main` when absent" }))
const Day = Type.Optional(Type.String({ description: 'YYYY-MM-DD, in the merchant time zone, inclusive' }))
const Page = Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 }))
const PerPage = Type.Optional(Type.Integer({ minimum: 1, maximum: 100 }))

export const FormatQuery = Type.Object({ _format: Format })

export const TokenBody = Type.Object({
  grant_type: Type.String({ description: '`client_credentials` or `refresh_token`' }),
  client_id: Type.Optional(Type.Integer({ minimum: 1 })),
  client_secret: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  refresh_token: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
})
export type TokenBody = Static<typeof TokenBody>

export const InvalidateBody = Type.Object({
  access_token: Type.String({ minLength: 1, maxLength: 256 }),
  client_id: Type.Optional(Type.Integer({ minimum: 1 })),
  client_secret: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
})
export type InvalidateBody = Static<typeof InvalidateBody>

/** A user named by `idType` and the field it names. */
export const UserKey = { idType: Type.Optional(IdType), mob: Mob, cid: Cid, email: Email }
export type UserKey = {
  idType?: 'mob' | 'cid' | 'email' | undefined
  mob?: string | number | undefined
  cid?: string | number | undefined
  email?: string | undefined
}

export const GiveBody = Type.Object({ ...UserKey, points: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000 })), store: Store })
export type GiveBody = Static<typeof GiveBody>

export const SearchQuery = Type.Object({ _format: Format, ...UserKey })

export const RedeemBody = Type.Object({ ...UserKey, points: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000 })), store: Store })
export type RedeemBody = Static<typeof RedeemBody>

export const ValidateBody = Type.Object({
  redeem_id: Type.Integer({ minimum: 1 }),
  otp: Type.String({ pattern: '^[0-9]{6}$', description: 'the six-digit one-time code the user received' }),
})

export const StoreHistoryQuery = Type.Object({ _format: Format, store: Store, from: Day, to: Day, page: Page, per_page: PerPage })
export type StoreHistoryQuery = Static<typeof StoreHistoryQuery>

export const UserHistoryQuery = Type.Object({ _format: Format, ...UserKey, from: Day, to: Day, page: Page, per_page: PerPage })
export type UserHistoryQuery = Static<typeof UserHistoryQuery>

export const StreamQuery = Type.Object({
  store: Store,
  last_event_id: Type.Optional(Type.Integer({ minimum: 0 })),
  access_token: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
})
export type StreamQuery = Static<typeof StreamQuery>
