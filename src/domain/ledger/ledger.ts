import type { Contact, Shop, Unit } from '../contacts/contacts.js'
import type { Minor } from '../shared/amounts.js'
import type { Instant } from '../shared/clock.js'

/**
 * standard: a credit or debit asked for by a caller; reversal: compensates one
 * earlier entry; expiry: what was left of a lot when it expired; transfer: one
 * side of a move between two wallets.
 */
export type EntryKind = 'standard' | 'reversal' | 'expiry' | 'transfer'

export interface Entry {
  readonly id: number
  readonly accountId: number
  readonly walletId: number
  readonly contactId: number
  readonly unitId: number
  readonly shopId: number | null
  readonly kind: EntryKind
  /** Signed: positive credits, negative debits. */
  readonly amount: Minor
  /** The caller's transaction type, such as `POINTS COUPON`. */
  readonly type: string | null
  /** What the amount was for (`COUPON`, `ORDER`, `BALANCE TRANSFER`), derived from the type. */
  readonly source: string | null
  readonly code: string | null
  /** The caller's own id for the transaction. */
  readonly reference: string | null
  readonly title: string | null
  readonly description: string | null
  readonly reversesId: number | null
  readonly metadata: Readonly<Record<string, unknown>>
  readonly createdAt: Instant
}

export interface Wallet {
  readonly id: number
  readonly accountId: number
  readonly contactId: number
  readonly unitId: number
  readonly balance: Minor
}

/** A credited amount with its expiry; debits consume lots, soonest expiry first, then oldest. */
export interface Lot {
  readonly id: number
  readonly walletId: number
  readonly entryId: number
  readonly amount: Minor
  readonly remaining: Minor
  readonly expiresAt: Instant | null
  readonly createdAt: Instant
}

export interface OrderLine {
  readonly productExternalId: string
  readonly productName: string | null
  readonly quantity: number
  readonly total: Minor
  readonly earnedRedeemed: Minor
}

export interface WalletView {
  readonly walletId: number
  readonly unit: Unit
  readonly balance: Minor
}

/** A contact as it stood right after a write: what a replayed request answers with too. */
export interface ContactSnapshot {
  readonly contact: Contact
  readonly externalId: string | null
  readonly totals: readonly WalletView[]
}

export interface EntryView {
  readonly entry: Entry
  readonly unit: Unit
  readonly shop: Shop | null
  readonly contact: ContactSnapshot
}

export interface LotView {
  readonly lot: Lot
  readonly unit: Unit
  readonly source: string | null
}

export interface WalletCheck {
  readonly walletId: number
  readonly accountId: number
  readonly balance: Minor
  readonly entriesSum: Minor
  readonly lotsSum: Minor
}
