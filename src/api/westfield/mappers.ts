import type { Instant } from '../../domain/shared/clock.js'
import { type Visitor, visitorSortFields } from '../../domain/visitors/visitors.js'
import { listSpec } from './list.js'

/** Instants as ISO 8601 in UTC, milliseconds only when there are some (`2019-08-24T14:15:22Z`). */
export const iso = (at: Instant): string => new Date(at).toISOString().replace(/\.000Z$/, 'Z')
export const isoOrNull = (at: Instant | null): string | null => (at === null ? null : iso(at))
/** A date-time the client sent, as an instant. */
export const instant = (value: string): Instant => Date.parse(value)
export const instantOrNull = (value: string | null | undefined): Instant | null | undefined =>
  value === undefined ? undefined : value === null ? null : Date.parse(value)

export const mapVisitor = (v: Visitor) => ({
  visitorId: v.visitorId,
  email: v.email,
  firstName: v.firstName,
  lastName: v.lastName,
  gender: v.gender,
  phone: v.phone,
  mobileLocale: v.mobileLocale,
  timezone: v.timezone,
  countryCode: v.countryCode,
  acquisitionPcCode: v.acquisitionPcCode,
  upgradePcCode: v.upgradePcCode,
  accountType: v.accountType,
  originType: v.originType,
  origin: v.origin,
  barcode: v.barcode,
  addressStreet: v.addressStreet,
  addressCity: v.addressCity,
  addressState: v.addressState,
  addressZipCode: v.addressZipCode,
  billingAddress: v.billingAddress,
  billingAddress2: v.billingAddress2,
  billingZipCode: v.billingZipCode,
  billingCity: v.billingCity,
  billingCountryCode: v.billingCountryCode,
  emailVerified: v.emailVerified,
  emailInvalid: v.emailInvalid,
  phoneVerified: v.phoneVerified,
  phoneInvalid: v.phoneInvalid,
  birthDay: v.birthDay,
  birthMonth: v.birthMonth,
  birthYear: v.birthYear,
  lastVisitDate: isoOrNull(v.lastVisitDate),
  registrationDate: iso(v.registrationDate),
  creationDate: iso(v.createdAt),
  updateDate: iso(v.updatedAt),
})
export type WireVisitor = ReturnType<typeof mapVisitor>

export const VISITOR_SPEC = listSpec(visitorSortFields)
