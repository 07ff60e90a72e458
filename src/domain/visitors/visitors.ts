import type { Instant } from '../shared/clock.js'

export const genders = ['m', 'f', 'u'] as const
export type Gender = (typeof genders)[number]
export const accountTypes = ['full', 'partial'] as const
export type AccountType = (typeof accountTypes)[number]
/** What `query` searches when `queryBy` names it; without `queryBy` it searches names and email. */
export const queryByFields = ['email', 'firstName', 'lastName', 'licensePlate', 'externalId', 'fullname'] as const
export type QueryBy = (typeof queryByFields)[number]

/** The fields of a visitor a client writes. */
export interface VisitorProfile {
  readonly email: string
  readonly firstName: string
  readonly lastName: string | null
  readonly gender: Gender | null
  readonly phone: string | null
  readonly mobileLocale: string | null
  readonly timezone: string | null
  readonly countryCode: string
  readonly acquisitionPcCode: string
  readonly addressStreet: string | null
  readonly addressCity: string | null
  readonly addressState: string | null
  readonly addressZipCode: string | null
  readonly billingAddress: string | null
  readonly billingAddress2: string | null
  readonly billingZipCode: string | null
  readonly billingCity: string | null
  readonly billingCountryCode: string | null
  readonly emailVerified: boolean
  readonly emailInvalid: boolean
  readonly phoneVerified: boolean
  readonly phoneInvalid: boolean
  readonly birthDay: number | null
  readonly birthMonth: number | null
  readonly birthYear: number | null
  readonly lastVisitDate: Instant | null
}

/**
 * A Westfield visitor: the profile of one contact. `visitorId` is the
 * contact's UUID and `barcode` one of its identifiers, so every dialect
 * finds the same person.
 */
export interface Visitor extends VisitorProfile {
  readonly id: number
  readonly accountId: number
  readonly contactId: number
  readonly visitorId: string
  readonly accountType: AccountType
  readonly upgradePcCode: string | null
  readonly originType: string | null
  readonly origin: string | null
  readonly barcode: string
  readonly registrationDate: Instant
  readonly createdAt: Instant
  readonly updatedAt: Instant
}

export type NewVisitor = Omit<Visitor, 'id'>
export type VisitorPatch = Partial<Omit<Visitor, 'id' | 'accountId' | 'contactId' | 'visitorId' | 'barcode' | 'registrationDate' | 'createdAt'>>

export interface VisitorFilter {
  readonly visitorIds?: readonly string[]
  readonly countryCode?: string
  readonly barcode?: string
  readonly email?: string
  readonly acquisitionPcCode?: string
  readonly accountType?: AccountType
  readonly originType?: string
  readonly isSmartparker?: boolean
  readonly createdSince?: Instant
  readonly createdBefore?: Instant
  readonly updatedSince?: Instant
  readonly registeredSince?: Instant
  readonly registeredUntil?: Instant
  readonly query?: string
  readonly queryBy?: QueryBy
}

/** The visitor fields a list may be sorted by (the wire names). */
export const visitorSortFields = [
  'visitorId',
  'email',
  'firstName',
  'lastName',
  'gender',
  'phone',
  'mobileLocale',
  'timezone',
  'countryCode',
  'acquisitionPcCode',
  'upgradePcCode',
  'accountType',
  'originType',
  'origin',
  'barcode',
  'addressStreet',
  'addressCity',
  'addressState',
  'addressZipCode',
  'billingAddress',
  'billingAddress2',
  'billingZipCode',
  'billingCity',
  'billingCountryCode',
  'emailVerified',
  'emailInvalid',
  'phoneVerified',
  'phoneInvalid',
  'birthDay',
  'birthMonth',
  'birthYear',
  'lastVisitDate',
  'registrationDate',
  'creationDate',
  'updateDate',
] as const

/** Emails are identifiers compared without case. */
export const emailKey = (email: string): string => email.trim().toLowerCase()
/** Phones are identifiers compared by their digits (and a leading +). */
export const phoneKey = (phone: string): string => phone.replace(/[^\d+]/g, '')
/** Licence plates are compared upper case, letters and digits only. */
export const plateKey = (plate: string): string => plate.toUpperCase().replace(/[^A-Z0-9]/g, '')

export const fullName = (v: { firstName: string; lastName: string | null }): string => [v.firstName, v.lastName].filter((s) => s).join(' ')
