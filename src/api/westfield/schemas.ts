import { type Static, type TSchema, Type } from '@sinclair/typebox'
import { optinChannels, optinTypes } from '../../domain/consent/consent.js'

/** ISO 3166-1 alpha-2 codes, as the document's `CountryCodeEnum` lists them. */
export const COUNTRY_CODES = [
  ...'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'.split(
    ' ',
  ),
] as const

/** The document's `UrwAppId` enum. */
export const URW_APP_IDS = [
  'aeroville',
  'alma',
  'amstelveen',
  'aupark',
  'bonaire',
  'cernymost',
  'confluence',
  'equinoccio',
  'fisketorvet',
  'garbera',
  'gropius',
  'hoefambruehl',
  'koln',
  'metropole',
  'minto',
  'nackaforum',
  'one',
  'parquesur',
  'pasing',
  'paunsdorf',
  'polygone',
  'riem',
  'ruhrpark',
  'soouest',
  'spandau',
  'splau',
  'toisondor',
  'ulis2',
  'wilenska',
  'wroclavia',
] as const

/** A string enum with the values shown in the OpenAPI document. */
export const oneOf = <T extends string>(values: readonly T[], options: { description?: string } = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options })

/**
 * `string or null` and the like: the value or JSON null. One schema with a
 * type list rather than a union, because the validator coerces types: in a
 * union a `0` or `""` that fails the value's rules would pass as null.
 */
export const nullable = <T extends TSchema>(schema: T) => {
  const { type, enum: values, ...rest } = schema as unknown as { type: string; enum?: unknown[] }
  return Type.Unsafe<Static<T> | null>({ ...rest, type: [type, 'null'], ...(values ? { enum: [...values, null] } : {}) })
}

export const text = (maxLength = 255) => Type.String({ minLength: 1, maxLength })
export const freeText = (maxLength = 255) => Type.String({ maxLength })
export const countryCode = oneOf(COUNTRY_CODES, { description: 'ISO 3166-1 alpha-2 country code' })
export const urwAppId = oneOf(URW_APP_IDS)
/** A center code such as `FR-SC-123`: country, kind and number, upper case, separated by dashes. */
export const pcCode = Type.String({ pattern: '^[A-Z]{2}-[A-Z0-9]{1,10}-[A-Z0-9]{1,20}$', maxLength: 40, description: 'PC code, e.g. FR-SC-123' })
export const dateTime = Type.String({ format: 'date-time', description: 'ISO 8601 date and time, e.g. 2019-08-24T14:15:22Z' })
export const uuid = Type.String({ format: 'uuid' })
export const id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })

/** Path parameters. */
export const VisitorParams = Type.Object({ visitorId: uuid })

const email = Type.String({ format: 'email', maxLength: 254 })
const gender = oneOf(['m', 'f', 'u'] as const)
const accountType = oneOf(['full', 'partial'] as const)
const optionalText = Type.Optional(nullable(freeText()))
const flag = Type.Optional(Type.Boolean())

/** Fields every visitor write may carry beside the required ones. */
const visitorOptional = {
  lastVisitDate: Type.Optional(dateTime),
  addressCity: optionalText,
  addressStreet: optionalText,
  addressState: optionalText,
  phone: Type.Optional(nullable(Type.String({ maxLength: 32, pattern: '^\\+?[0-9 ().-]{4,32}$' }))),
  mobileLocale: optionalText,
  addressZipCode: optionalText,
  timezone: optionalText,
  billingAddress: optionalText,
  billingAddress2: optionalText,
  billingZipCode: optionalText,
  billingCity: optionalText,
  billingCountryCode: Type.Optional(nullable(countryCode)),
  emailVerified: flag,
  emailInvalid: flag,
  phoneVerified: flag,
  phoneInvalid: flag,
  birthDay: Type.Optional(nullable(Type.Integer({ minimum: 1, maximum: 31 }))),
  birthMonth: Type.Optional(nullable(Type.Integer({ minimum: 1, maximum: 12 }))),
  birthYear: Type.Optional(nullable(Type.Integer({ minimum: 1900, maximum: 2100 }))),
  /** Additions: where the registration came from (`connect`, `qualifio`). */
  originType: Type.Optional(nullable(freeText(64))),
  origin: Type.Optional(nullable(freeText(64))),
}

/** An optin given with the registration (`OptinPostRequestBody`). */
export const RegistrationOptin = Type.Object({
  clientId: Type.Optional(freeText()),
  sendId: Type.Optional(freeText()),
  optinChannel: oneOf(optinChannels),
  optinType: oneOf(optinTypes),
  legalTextId: Type.Optional(nullable(id)),
  isActive: Type.Boolean(),
  lastOpenedDate: Type.Optional(dateTime),
  contextId: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
})
const optins = Type.Optional(Type.Array(RegistrationOptin, { maxItems: 50 }))

export const VisitorBody = Type.Object({
  optins,
  ...visitorOptional,
  lastName: text(),
  firstName: text(),
  email,
  gender,
  acquisitionPcCode: pcCode,
  countryCode,
})
export type VisitorBody = Static<typeof VisitorBody>

export const PartialVisitorBody = Type.Object({
  lastName: Type.Optional(nullable(freeText())),
  firstName: text(),
  email,
  gender: Type.Optional(nullable(gender)),
  phone: visitorOptional.phone,
  mobileLocale: optionalText,
  timezone: optionalText,
  countryCode,
  preferredCenter: pcCode,
  optins,
  originType: visitorOptional.originType,
  origin: visitorOptional.origin,
})
export type PartialVisitorBody = Static<typeof PartialVisitorBody>

export const VisitorPatchBody = Type.Object({
  ...visitorOptional,
  lastName: Type.Optional(text()),
  firstName: Type.Optional(text()),
  email: Type.Optional(email),
  gender: Type.Optional(gender),
})
export type VisitorPatchBody = Static<typeof VisitorPatchBody>

export const InvalidFlagsBody = Type.Array(
  Type.Object({ visitorId: uuid, emailInvalid: Type.Optional(Type.Boolean()), phoneInvalid: Type.Optional(Type.Boolean()) }),
  { minItems: 1, maxItems: 500 },
)
export type InvalidFlagsBody = Static<typeof InvalidFlagsBody>

export const visitorFilters = {
  countryCode: Type.Optional(countryCode),
  barcode: Type.Optional(text()),
  email: Type.Optional(email),
  acquisitionPcCode: Type.Optional(pcCode),
  accountType: Type.Optional(accountType),
  originType: Type.Optional(text(64)),
  isSmartparker: Type.Optional(Type.Boolean()),
  updatedSince: Type.Optional(dateTime),
  createdSince: Type.Optional(dateTime),
  query: Type.Optional(text()),
  queryBy: Type.Optional(oneOf(['email', 'firstName', 'lastName', 'licensePlate', 'externalId', 'fullname'] as const)),
}

export const VisitorCountQuery = Type.Object({
  registeredSince: Type.Optional(dateTime),
  registeredUntil: Type.Optional(dateTime),
  acquisitionPcCode: Type.Optional(text(40)),
  accountType: Type.Optional(accountType),
  originType: Type.Optional(text(64)),
})
export type VisitorCountQuery = Static<typeof VisitorCountQuery>

export const ErasureBody = Type.Array(Type.Object({ analyticsId: text(), pcCode: Type.Optional(text(40)) }), { minItems: 1, maxItems: 500 })
export type ErasureBody = Static<typeof ErasureBody>
