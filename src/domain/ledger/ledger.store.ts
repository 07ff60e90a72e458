import type { Contact, IdentifierKind } from '../contacts/contacts.js'
import type { Minor } from '../shared/amounts.js'
import type { Instant } from '../shared/clock.js'
import type { Page, PageRequest } from '../shared/page.js'
import type { Entry, Lot, OrderLine, Wallet, WalletCheck } from './ledger.js'

/** A lot a credit adds. */
export interface NewLot {
  readonly amount: Minor
  readonly expiresAt: Instant | null
}

/** What a debit takes from one lot, and what is left in it after. */
export interface LotTake {
  readonly lotId: number
  readonly amount: Minor
  readonly remaining: Minor
}

/** An entry to append: everything but its id, plus the key that makes it unique per account. */
export type NewEntry = Omit<Entry, 'id'> & {
  /** Unique per account: a second entry with the same key is a duplicate transaction. */
  readonly naturalKey: string | null
}

export interface LedgerStore {
  /** Creates the wallets that do not exist yet, then locks all of them in ascending id order. */
  lockWallets(accountId: number, keys: readonly { contactId: number; unitId: number }[], now: Instant): Promise<Wallet[]>
  /**
   * Locks one wallet (creating it when missing) and reads, in the same round
   * trip, what a posting to it needs besides: the contact's other wallets and
   * first identifier of a kind (the snapshot answered after the write), and
   * whether a natural key is taken.
   */
  lockForPosting(input: {
    accountId: number
    contactId: number
    unitId: number
    naturalKey: string | null
    identifierKind: IdentifierKind
    now: Instant
  }): Promise<{ wallet: Wallet; others: Wallet[]; identifier: string | null; naturalKeyTaken: boolean }>
  /** Locks existing wallets by id, in ascending id order. */
  lockWalletsById(accountId: number, walletIds: readonly number[]): Promise<Wallet[]>
  walletsOf(accountId: number, contactId: number): Promise<Wallet[]>
  /**
   * The contact an identifier names, with its wallets and its first
   * identifier of `identifierKind`, in one round trip (a balance lookup).
   */
  snapshotByIdentifier(
    accountId: number,
    kind: IdentifierKind,
    value: string,
    identifierKind: IdentifierKind,
  ): Promise<{ contact: Contact; wallets: Wallet[]; identifier: string | null } | null>
  /** A contact's wallets with the contact's first identifier of a kind, in one round trip (what a snapshot shows). */
  walletsWithIdentifier(accountId: number, contactId: number, kind: IdentifierKind): Promise<{ wallets: Wallet[]; identifier: string | null }>

  /**
   * Writes a credit to a wallet the caller has locked: its entry, its lots
   * (in order; their amounts add up to the entry's), and the wallet's new
   * balance. One round trip on PostgreSQL.
   */
  insertCredit(entry: NewEntry, lots: readonly NewLot[], balance: Minor): Promise<Entry>
  /**
   * Writes a debit from a wallet the caller has locked: its entry, what it
   * takes from each lot (the lot's new remaining and a consumption record),
   * and the wallet's new balance. One round trip on PostgreSQL.
   */
  insertDebit(entry: NewEntry, takes: readonly LotTake[], balance: Minor): Promise<Entry>
  getEntry(accountId: number, id: number): Promise<Entry | null>
  findByNaturalKey(accountId: number, naturalKey: string): Promise<Entry | null>
  findReversalOf(accountId: number, entryId: number): Promise<Entry | null>
  history(accountId: number, contactId: number, page: PageRequest): Promise<Page<Entry>>
  byCode(accountId: number, type: string, code: string): Promise<Entry[]>
  inRange(accountId: number, contactId: number, unitId: number, from: Instant, to: Instant): Promise<Entry[]>

  /** Lots with something left, soonest expiry first (no expiry last), then oldest; the first `limit` of them when given. */
  openLots(walletId: number, limit?: number): Promise<Lot[]>
  openLotsOfContact(accountId: number, contactId: number): Promise<(Lot & { unitId: number; source: string | null })[]>
  consumptionsBy(entryId: number): Promise<{ lot: Lot; amount: Minor }[]>
  /** Lots past their expiry with something left, across all accounts. */
  dueLots(now: Instant, limit: number): Promise<{ accountId: number; walletId: number; lotId: number }[]>
  getLot(lotId: number): Promise<Lot | null>

  insertOrderLines(accountId: number, entryId: number, shopId: number | null, lines: readonly OrderLine[], now: Instant): Promise<void>

  /** Wallets where balance, the sum of entries and the sum of open lots disagree. */
  check(): Promise<{ wallets: number; mismatches: WalletCheck[] }>
}

/** The ledger's store, as a module needs it of the caller's transaction. */
export interface LedgerTx {
  readonly ledger: LedgerStore
}
