import type { EntryKind } from '../ledger/ledger.js'
import type { Minor } from '../shared/amounts.js'
import type { Instant } from '../shared/clock.js'
import type { Channel } from '../shared/command.js'

export interface ReportEntry {
  readonly entryId: number
  readonly createdAt: Instant
  readonly shopId: number | null
  readonly unitId: number
  readonly kind: EntryKind
  readonly amount: Minor
  readonly source: string | null
  /** For a reversal: the source of the entry it reverses. */
  readonly reversedSource: string | null
}

export interface ReportOrderLine {
  readonly entryId: number
  readonly createdAt: Instant
  readonly shopId: number | null
  readonly productExternalId: string
  readonly quantity: number
  readonly earnedRedeemed: Minor
  readonly source: string | null
}

export interface ReportRegistration {
  readonly createdAt: Instant
  readonly subscribedAt: Instant | null
  readonly shopId: number | null
  readonly channel: Channel
  readonly referred: boolean
}

export interface ReportStore {
  entriesBetween(accountId: number, from: Instant, to: Instant): Promise<ReportEntry[]>
  orderLinesBetween(accountId: number, from: Instant, to: Instant): Promise<ReportOrderLine[]>
  /** Contacts created, or subscribed after a point of sale, within [from, to). */
  registrationsBetween(accountId: number, from: Instant, to: Instant): Promise<ReportRegistration[]>
}

export interface ReportsTx {
  readonly reports: ReportStore
}
