import { type TSchema, Type } from '@sinclair/typebox'

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

/** `string or null` and the like: the value or JSON null. */
export const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

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
