import type { Contact, Shop, Unit } from '../contacts/contacts.js'
import type { Entry, WalletView } from '../ledger/ledger.js'
import type { Instant } from '../shared/clock.js'

/** The identifiers a merchant knows a customer by. */
export interface ContactKeys {
  readonly uuid: string
  readonly phone: string | null
  readonly email: string | null
  readonly externalId: string | null
}

export interface ContactProfile {
  readonly contact: Contact
  readonly keys: ContactKeys
  readonly totals: readonly WalletView[]
}

export interface HistoryItem {
  readonly entry: Entry
  readonly unit: Unit
  readonly shop: Shop | null
  readonly contact: ContactKeys
}

/** Entries created within [from, to); either end may be open. */
export interface TimeRange {
  readonly from?: Instant | undefined
  readonly to?: Instant | undefined
}
