import type { Contact, IdentifierKind, Shop, Unit } from '../contacts/contacts.js'
import { requireContact, requireUnit } from '../contacts/contacts.service.js'
import type { ContactsTx } from '../contacts/contacts.store.js'
import { type Minor, ZERO } from '../shared/amounts.js'
import type { Instant } from '../shared/clock.js'
import type { Page, PageRequest } from '../shared/page.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import type { ContactSnapshot, Entry, EntryView, LotView, Wallet, WalletCheck } from './ledger.js'
import type { LedgerTx } from './ledger.store.js'
import { unitById } from './wallets.js'

/** What the ledger's reads need of a transaction. */
export type LedgerReadTx = LedgerTx & ContactsTx

/** A contact named by one of its identifiers. */
export interface ContactLookup {
  readonly kind: IdentifierKind
  readonly value: string
}

/** A contact's balance in one unit; `walletId` is null while the contact has no wallet in it. */
export interface UnitBalance {
  readonly walletId: number | null
  readonly unit: Unit
  readonly balance: Minor
}

/** A contact's balance in every unit of the account, in the account's unit order. */
export interface ContactBalances {
  readonly all: readonly UnitBalance[]
  /** The balance in the unit of this name, zero when the account has no such unit. */
  of(unitName: string): Minor
}

/**
 * The one read of what a contact holds: every module that shows balances
 * (the kiosk, Leat's contact, Pegke's redeem) reads them here, in the
 * caller's transaction.
 */
export const contactBalances = async (tx: LedgerTx & Pick<ContactsTx, 'units'>, accountId: number, contactId: number): Promise<ContactBalances> => {
  const [units, wallets] = await Promise.all([tx.units.list(accountId), tx.ledger.walletsOf(accountId, contactId)])
  const all = units.map((unit) => {
    const wallet = wallets.find((w) => w.unitId === unit.id)
    return { walletId: wallet?.id ?? null, unit, balance: wallet?.balance ?? ZERO }
  })
  return { all, of: (unitName) => all.find((b) => b.unit.name === unitName)?.balance ?? ZERO }
}

/** A contact with its external id and the balance of each wallet, in wallet order. */
export const snapshotOf = (contact: Contact, externalId: string | null, wallets: readonly Wallet[], units: readonly Unit[]): ContactSnapshot => ({
  contact,
  externalId,
  totals: wallets.map((w) => ({ walletId: w.id, unit: unitById(units, w.unitId), balance: w.balance })),
})

/** A contact as it stands now: what a write answers after it. */
export const snapshot = async (tx: LedgerTx, contact: Contact, units: readonly Unit[]): Promise<ContactSnapshot> => {
  const { wallets, identifier } = await tx.ledger.walletsWithIdentifier(contact.accountId, contact.id, 'external_id')
  return snapshotOf(contact, identifier, wallets, units)
}

/** An entry with its unit, shop and contact; `shop` is the entry's shop when the caller already has it. */
export const entryView = async (
  tx: Pick<ContactsTx, 'shops'>,
  entry: Entry,
  contact: ContactSnapshot,
  units: readonly Unit[],
  shop?: Shop | null,
): Promise<EntryView> => ({
  entry,
  unit: unitById(units, entry.unitId),
  shop: entry.shopId === null ? null : shop?.id === entry.shopId ? shop : await tx.shops.get(entry.accountId, entry.shopId),
  contact,
})

/** An entry with its contact as it stands now. */
export const entryViewWithContact = async (tx: LedgerReadTx, entry: Entry, units: readonly Unit[]): Promise<EntryView> => {
  const contact = await tx.contacts.get(entry.accountId, entry.contactId)
  if (!contact) throw new Error(`contact ${entry.contactId} is missing`)
  return entryView(tx, entry, await snapshot(tx, contact, units), units)
}

/** The ledger's reads, each in a read transaction of its own. */
export interface LedgerQueries {
  /** A contact with the balance of every wallet; null when no contact has the identifier. */
  contactSnapshot(accountId: number, ref: ContactLookup): Promise<ContactSnapshot | null>
  /** A contact's entries, newest first. @throws contact.not_found */
  history(accountId: number, ref: ContactLookup, page: PageRequest): Promise<Page<EntryView>>
  /** The transaction with this type and code and its reversal, if any. */
  byCode(accountId: number, type: string, code: string): Promise<EntryView[]>
  /** A contact's entries in one unit within [from, to). @throws contact.not_found, unit.not_found */
  inRange(accountId: number, ref: ContactLookup, unitName: string, from: Instant, to: Instant): Promise<EntryView[]>
  /** A contact's lots with something left, soonest expiry first. @throws contact.not_found */
  openLots(accountId: number, ref: ContactLookup): Promise<LotView[]>
  /** Wallets where the balance, the sum of entries and the sum of open lots disagree. */
  check(): Promise<{ wallets: number; mismatches: WalletCheck[] }>
}

export const createLedgerQueries = ({ uow }: { uow: UnitOfWork<LedgerReadTx> }): LedgerQueries => ({
  contactSnapshot: (accountId, ref) =>
    uow.read(async (tx) => {
      const found = await tx.ledger.snapshotByIdentifier(accountId, ref.kind, ref.value, 'external_id')
      if (!found) return null
      return snapshotOf(found.contact, found.identifier, found.wallets, await tx.units.list(accountId))
    }),

  history: (accountId, ref, page) =>
    uow.read(async (tx) => {
      const contact = await requireContact(tx, accountId, ref)
      const units = await tx.units.list(accountId)
      const snap = await snapshot(tx, contact, units)
      const entries = await tx.ledger.history(accountId, contact.id, page)
      const items: EntryView[] = []
      for (const e of entries.items) items.push(await entryView(tx, e, snap, units))
      return { ...entries, items }
    }),

  byCode: (accountId, type, code) =>
    uow.read(async (tx) => {
      const units = await tx.units.list(accountId)
      const views: EntryView[] = []
      for (const e of await tx.ledger.byCode(accountId, type, code)) views.push(await entryViewWithContact(tx, e, units))
      return views
    }),

  inRange: (accountId, ref, unitName, from, to) =>
    uow.read(async (tx) => {
      const contact = await requireContact(tx, accountId, ref)
      const units = await tx.units.list(accountId)
      const unit = requireUnit(units, unitName)
      const snap = await snapshot(tx, contact, units)
      const views: EntryView[] = []
      for (const e of await tx.ledger.inRange(accountId, contact.id, unit.id, from, to)) views.push(await entryView(tx, e, snap, units))
      return views
    }),

  openLots: (accountId, ref) =>
    uow.read(async (tx) => {
      const contact = await requireContact(tx, accountId, ref)
      const units = await tx.units.list(accountId)
      const lots = await tx.ledger.openLotsOfContact(accountId, contact.id)
      return lots.map(({ unitId, source, ...lot }) => ({ lot, unit: unitById(units, unitId), source }))
    }),

  check: () => uow.read((tx) => tx.ledger.check()),
})
