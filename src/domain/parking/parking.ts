import type { Minor } from '../shared/amounts.js'
import type { Instant } from '../shared/clock.js'
import { DomainError } from '../shared/errors.js'
import { localParts } from '../shared/time.js'
import type { VisitorOwned } from '../visitors/visitor-records.js'

export const parkingPartners = ['smartparking_us', 'smartparking_uk', 'ilogs', 'designa', 'thales', 'smartparking_v2'] as const
export type ParkingPartner = (typeof parkingPartners)[number]
export const cardTypes = ['american_express', 'jcb', 'visa', 'master', 'maestro', 'discover'] as const
export type CardType = (typeof cardTypes)[number]
export const currencies = ['AUD', 'EUR', 'GBP', 'NZD', 'USD'] as const
export const paymentStatuses = ['failed', 'partial_refunded', 'pending', 'refunded', 'succeeded'] as const
export const visitTypes = ['entry', 'exit'] as const
export type VisitType = (typeof visitTypes)[number]

/**
 * A payment card as the payment provider describes it: a fingerprint, a
 * token and the first six and last four digits. The card number itself is
 * never received nor kept.
 */
export interface CreditCard extends VisitorOwned {
  readonly firstName: string
  readonly lastName: string
  readonly postalCode: string | null
  readonly serviceTypes: readonly string[]
  readonly year: number
  readonly month: number
  readonly fingerprint: string
  readonly cardType: CardType
  readonly firstSixDigits: string
  readonly lastFourDigits: string
  readonly paymentMethodToken: string
  /** Set by a delete: the card stays for the parking histories that name it. */
  readonly deletedAt: Instant | null
}

export interface Vehicle extends VisitorOwned {
  readonly name: string | null
  readonly maker: string | null
  readonly color: string | null
  readonly model: string | null
  readonly licensePlate: string
  /** The plate as matched: upper case, letters and digits only (`ab-123 cd` is `AB123CD`). */
  readonly plateKey: string
  readonly licensePlateCountry: string | null
  readonly yearOfManufacture: number | null
  readonly lastParkingSession: Instant | null
  readonly deletedAt: Instant | null
}

export interface VehiclePartner extends VisitorOwned {
  readonly vehicleId: number
  readonly partnerId: string
  readonly parkingPartner: ParkingPartner
  readonly visitorCenterId: number | null
  readonly pcCode: string | null
}

export interface Parking extends VisitorOwned {
  readonly parkingPartner: ParkingPartner
  readonly isActive: boolean
  readonly subscriptionDate: Instant
  readonly unsubscribedAt: Instant | null
}

export interface ParkingHistory extends VisitorOwned {
  readonly cardId: number
  readonly parkingId: number
  readonly pcCode: string
  readonly parkingSessionId: number | null
  readonly parkingSessionStart: Instant | null
  readonly parkingSessionEnd: Instant | null
  /** In the currency's minor units, as the parking operator reports it. */
  readonly amount: number | null
  readonly currency: string
  readonly accessDevice: string
  readonly exitAccessDevice: string | null
  readonly formattedTotalTime: string | null
  readonly paidAt: Instant | null
  readonly paidAtKiosk: boolean | null
  readonly refundedAmount: Minor | null
  readonly paymentStatus: string | null
  readonly totalTime: number | null
  readonly transactionFullAmount: Minor | null
  readonly transactionId: string | null
  readonly transactionPretaxAmount: Minor | null
  readonly transactionTaxAmount: Minor | null
  readonly validationAmount: Minor | null
  readonly vendorId: string | null
}

export interface SmartparkingVisit extends VisitorOwned {
  readonly pcCode: string
  readonly visitDate: Instant
  readonly visitType: VisitType
  readonly licensePlate: string | null
}

export interface ParkingSummaryRow {
  readonly year: number
  readonly month: number
  readonly currency: string
  readonly totalAmount: number
  readonly totalHistories: number
}

export const plateKey = (plate: string): string => plate.toUpperCase().replace(/[^\p{L}\p{N}]/gu, '')

/** When a parking session happened: its start, else its payment, else when it was recorded. */
export const sessionInstant = (h: ParkingHistory): Instant => h.parkingSessionStart ?? h.paidAt ?? h.createdAt

/** @throws validation.invalid naming `timezone` when it is not an IANA time zone. */
export const requireTimeZone = (timeZone: string, field = 'timezone'): string => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone }).format(0)
    return timeZone
  } catch {
    throw new DomainError('validation.invalid', { field, reason: `${timeZone} is not an IANA time zone` })
  }
}

/**
 * Totals of parking histories per calendar month and currency, where the
 * month is read on the wall clock of `timeZone` at the session's start: a
 * session at 23:30 local time on the last day of a month counts in that
 * month whatever the UTC date, daylight-saving changes included.
 * Rows come newest month first, then by currency.
 */
export const summarize = (histories: readonly ParkingHistory[], timeZone: string): ParkingSummaryRow[] => {
  const rows = new Map<string, { year: number; month: number; currency: string; totalAmount: number; totalHistories: number }>()
  for (const h of histories) {
    const { year, month } = localParts(sessionInstant(h), timeZone)
    const key = `${year}-${month}-${h.currency}`
    const row = rows.get(key) ?? { year, month, currency: h.currency, totalAmount: 0, totalHistories: 0 }
    row.totalAmount += h.amount ?? 0
    row.totalHistories += 1
    rows.set(key, row)
  }
  return [...rows.values()].sort((a, b) => b.year - a.year || b.month - a.month || a.currency.localeCompare(b.currency))
}

/** One way a smartparking request names its visitor, and whom it found. */
export interface VisitorCandidate {
  readonly field: 'visitorId' | 'barcode' | 'licensePlate'
  readonly value: string
  /** The contact it points at, or null when it points at nobody. */
  readonly contactId: number | null
}

/**
 * The documented matching rule: at least one id; every id given must find a
 * visitor; when several are given they must all find the same one.
 * @throws validation.invalid when no id is given, visitor.not_found naming the
 *         id that finds nobody, parking.visitor_mismatch when they disagree
 */
export const matchVisitor = (candidates: readonly VisitorCandidate[]): number => {
  if (candidates.length === 0) {
    throw new DomainError('validation.invalid', { field: 'visitorId', reason: 'one of visitorId, barcode or licensePlate is required' })
  }
  for (const c of candidates) {
    if (c.contactId === null) throw new DomainError('visitor.not_found', { field: c.field, reason: `no visitor matches ${c.field} ${c.value}` })
  }
  const [first, ...rest] = candidates
  const mismatch = rest.find((c) => c.contactId !== first?.contactId)
  if (mismatch || first?.contactId == null) {
    throw new DomainError('parking.visitor_mismatch', {
      field: mismatch?.field ?? 'visitorId',
      reason: `${first?.field} and ${mismatch?.field} name different visitors`,
    })
  }
  return first.contactId
}
