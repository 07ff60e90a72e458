import type { Unit } from '../contacts/contacts.js'
import type { ContactsTx } from '../contacts/contacts.store.js'
import { type Minor, minor } from '../shared/amounts.js'
import { DAY_MS, type Instant } from '../shared/clock.js'
import { DomainError, type Subject } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'
import type { Entry, Lot, Wallet } from './ledger.js'
import type { LedgerTx, NewEntry, NewLot } from './ledger.store.js'

/**
 * The ledger's in-transaction primitives: lock a wallet, credit it, debit it
 * lot by lot, reverse an entry, set a balance. Every function runs in the
 * caller's transaction and expects the caller to hold the wallet's lock
 * where it says so, which makes each check-and-write one step.
 */
export type WalletTx = LedgerTx & EventsTx & Pick<ContactsTx, 'units' | 'shops'>

/** An entry to write to a wallet: everything but the wallet's account, contact and unit. */
export type EntryInput = Omit<NewEntry, 'walletId' | 'contactId' | 'unitId' | 'accountId'>

/** A debit's take from one lot. */
export interface Taken {
  readonly lot: Lot
  readonly amount: Minor
}

/** One entry on one wallet, posted by a module that keeps its balances in the ledger. */
export interface WalletPosting {
  readonly accountId: number
  readonly contactId: number
  readonly unitId: number
  /** Signed, never zero. */
  readonly amount: Minor
  readonly shopId: number | null
  readonly type: string
  readonly source?: string | undefined
  readonly reference?: string | undefined
  readonly title?: string | undefined
  readonly description?: string | undefined
  readonly metadata?: Record<string, unknown> | undefined
  readonly expiresAt?: Instant | null | undefined
  /** What a debit that finds too little is reported about. */
  readonly subject: Subject
}

/** A balance set to a target by one entry of the difference. */
export interface BalanceTarget {
  readonly accountId: number
  readonly contactId: number
  readonly unit: Unit
  readonly target: Minor
  readonly type: string
  readonly title: string | null
  readonly metadata: Record<string, unknown>
  readonly now: Instant
}

/**
 * The wallet primitives as a port, for the modules that keep balances in the
 * ledger (giftcards, prepaid, credit receptions, rewards): each checks its own
 * rules under the wallet's lock first.
 */
export interface WalletLedger {
  /** Locks (creating when new) the wallet of a holder in a unit. */
  lockWallet(tx: WalletTx, accountId: number, contactId: number, unitId: number, now: Instant): Promise<Wallet>
  /** Posts one standard entry; the wallet is locked first. @throws ledger.insufficient_balance */
  postToWallet(tx: WalletTx, input: WalletPosting, now: Instant): Promise<{ entry: Entry; balance: Minor }>
  /**
   * Reverses one standard entry, errors reported about `subject`.
   * @throws ledger.entry_not_found, ledger.not_reversible, ledger.already_reversed, ledger.insufficient_balance
   */
  reverseEntry(tx: WalletTx, accountId: number, entryId: number, subject: Subject, now: Instant): Promise<{ entry: Entry; balance: Minor }>
  /**
   * Brings a balance to `target` with one entry of the difference (none when
   * it is already there); returns the balance after.
   * @throws ledger.invalid_amount when `target` is negative
   */
  setBalance(tx: WalletTx, input: BalanceTarget): Promise<Minor>
}

/** Open lots read at a time by a debit. */
const LOT_PAGE = 50

export const unitById = (units: readonly Unit[], id: number): Unit => {
  const unit = units.find((u) => u.id === id)
  if (!unit) throw new Error(`unit ${id} is missing`)
  return unit
}

/** When a credit in this unit expires unless the caller says otherwise. */
export const defaultExpiry = (unit: Unit, now: Instant): Instant | null => (unit.lifetimeDays === null ? null : now + unit.lifetimeDays * DAY_MS)

const emitEntry = (tx: EventsTx, entry: Entry, unit: Unit) =>
  tx.events.append({
    type: 'ledger.entry.created',
    accountId: entry.accountId,
    shopId: entry.shopId,
    payload: {
      entryId: entry.id,
      contactId: entry.contactId,
      kind: entry.kind,
      unit: unit.name,
      amount: entry.amount,
      type: entry.type,
      code: entry.code,
      reversesId: entry.reversesId,
    },
    occurredAt: entry.createdAt,
  })

const entryOn = (wallet: Wallet, input: EntryInput): NewEntry => ({
  ...input,
  accountId: wallet.accountId,
  walletId: wallet.id,
  contactId: wallet.contactId,
  unitId: wallet.unitId,
})

/** Locks (creating when new) one wallet. */
export const lockWallet = async (tx: LedgerTx, accountId: number, contactId: number, unitId: number, now: Instant): Promise<Wallet> => {
  const [wallet] = await tx.ledger.lockWallets(accountId, [{ contactId, unitId }], now)
  if (!wallet) throw new Error('wallet lock returned nothing')
  return wallet
}

/** Locks an existing wallet by id; null when there is none. */
export const lockWalletById = async (tx: LedgerTx, accountId: number, walletId: number): Promise<Wallet | null> =>
  (await tx.ledger.lockWalletsById(accountId, [walletId]))[0] ?? null

/** Adds a credit made of these lots (their amounts add up to the entry's). The wallet must be locked. */
export const creditLots = async (
  tx: WalletTx,
  wallet: Wallet,
  unit: Unit,
  input: EntryInput,
  lots: readonly NewLot[],
): Promise<{ entry: Entry; wallet: Wallet }> => {
  const balance = minor(wallet.balance + input.amount)
  const entry = await tx.ledger.insertCredit(entryOn(wallet, input), lots, balance)
  await emitEntry(tx, entry, unit)
  return { entry, wallet: { ...wallet, balance } }
}

/** Adds a credit: one entry, one lot. The wallet must be locked. */
export const credit = (tx: WalletTx, wallet: Wallet, unit: Unit, input: EntryInput, expiresAt: Instant | null): Promise<{ entry: Entry; wallet: Wallet }> =>
  creditLots(tx, wallet, unit, input, [{ amount: input.amount, expiresAt }])

/**
 * Adds a debit of `-input.amount`, consuming lots soonest-expiring first, then
 * oldest (`preferLotId` first of all, for the reversal of a credit). The
 * wallet must be locked.
 * @throws ledger.insufficient_balance, about `subject`
 */
export const debit = async (
  tx: WalletTx,
  wallet: Wallet,
  unit: Unit,
  input: EntryInput,
  problem: { subject: Subject; index?: number },
  preferLotId?: number,
): Promise<{ entry: Entry; wallet: Wallet; taken: Taken[] }> => {
  const needed = -input.amount
  if (wallet.balance < needed) {
    throw new DomainError('ledger.insufficient_balance', { ...problem, reason: `balance ${wallet.balance / 100} is less than ${needed / 100}` })
  }
  let left = needed
  const taken: Taken[] = []
  const take = (lot: Lot) => {
    const amount = Math.min(left, lot.remaining)
    taken.push({ lot, amount: minor(amount) })
    left -= amount
  }
  const preferred = preferLotId === undefined ? null : await tx.ledger.getLot(preferLotId)
  if (preferred && preferred.walletId === wallet.id && preferred.remaining > 0) take(preferred)
  if (left > 0) {
    // A page of lots first: a wallet may hold many small lots, and a debit usually needs the first few.
    let lots = await tx.ledger.openLots(wallet.id, LOT_PAGE)
    const onPage = lots.reduce((sum, lot) => sum + (lot.id === preferred?.id ? 0 : lot.remaining), 0)
    if (onPage < left && lots.length === LOT_PAGE) lots = await tx.ledger.openLots(wallet.id)
    for (const lot of lots) if (left > 0 && lot.id !== preferred?.id) take(lot)
  }
  if (left !== 0) throw new Error(`wallet ${wallet.id}: lots do not cover the balance`)
  const balance = minor(wallet.balance - needed)
  const entry = await tx.ledger.insertDebit(
    entryOn(wallet, input),
    taken.map(({ lot, amount }) => ({ lotId: lot.id, amount, remaining: minor(lot.remaining - amount) })),
    balance,
  )
  await emitEntry(tx, entry, unit)
  return { entry, wallet: { ...wallet, balance }, taken }
}

/** A standard entry's fields besides what the caller says. */
const standard = (now: Instant) => ({
  kind: 'standard' as const,
  code: null,
  naturalKey: null,
  reversesId: null,
  createdAt: now,
})

/** @see WalletLedger.postToWallet */
export const postToWallet = async (tx: WalletTx, input: WalletPosting, now: Instant): Promise<{ entry: Entry; balance: Minor }> => {
  const wallet = await lockWallet(tx, input.accountId, input.contactId, input.unitId, now)
  const unit = unitById(await tx.units.list(input.accountId), input.unitId)
  const posting: EntryInput = {
    ...standard(now),
    shopId: input.shopId,
    amount: input.amount,
    type: input.type,
    source: input.source ?? null,
    reference: input.reference ?? null,
    title: input.title ?? null,
    description: input.description ?? null,
    metadata: input.metadata ?? {},
  }
  const done =
    input.amount > 0 ? await credit(tx, wallet, unit, posting, input.expiresAt ?? null) : await debit(tx, wallet, unit, posting, { subject: input.subject })
  return { entry: done.entry, balance: done.wallet.balance }
}

/**
 * Writes the compensating entry of one earlier entry. Reversing a credit
 * takes the amount back, from its own lot first and then from the others,
 * and fails when the balance no longer covers it; reversing a debit gives
 * back what it took, with the expiry of the lots it took from. The entry has
 * no title: each dialect names reversals in its own words.
 * @throws ledger.not_reversible, ledger.already_reversed, ledger.insufficient_balance, about `problem`
 */
export const reverseOne = async (
  tx: WalletTx,
  accountId: number,
  original: Entry,
  units: readonly Unit[],
  problem: { subject: Subject; index?: number },
  now: Instant,
): Promise<Entry> => {
  if (original.kind !== 'standard') throw new DomainError('ledger.not_reversible', { ...problem, reason: `a ${original.kind} entry cannot be reversed` })
  if (await tx.ledger.findReversalOf(accountId, original.id)) {
    throw new DomainError('ledger.already_reversed', { ...problem, reason: `transaction ${original.code ?? original.id} was already reversed` })
  }
  const unit = unitById(units, original.unitId)
  const wallet = await lockWallet(tx, accountId, original.contactId, original.unitId, now)
  const shop = original.shopId === null ? null : await tx.shops.get(accountId, original.shopId)
  const input: EntryInput = {
    shopId: original.shopId,
    kind: 'reversal',
    amount: minor(-original.amount),
    type: original.type,
    source: original.source,
    code: original.code,
    naturalKey: null,
    reference: original.reference,
    title: null,
    description: shop?.name ?? original.description,
    reversesId: original.id,
    metadata: {},
    createdAt: now,
  }
  if (original.amount > 0) {
    const lots = await tx.ledger.openLots(wallet.id)
    const own = lots.find((l) => l.entryId === original.id)
    return (await debit(tx, wallet, unit, input, problem, own?.id)).entry
  }
  // The lots come back with the expiry of those the debit took.
  const lots = (await tx.ledger.consumptionsBy(original.id)).map(({ lot, amount }) => ({ amount, expiresAt: lot.expiresAt }))
  return (await creditLots(tx, wallet, unit, input, lots)).entry
}

/** @see WalletLedger.reverseEntry */
export const reverseEntry = async (
  tx: WalletTx,
  accountId: number,
  entryId: number,
  subject: Subject,
  now: Instant,
): Promise<{ entry: Entry; balance: Minor }> => {
  const original = await tx.ledger.getEntry(accountId, entryId)
  if (!original) throw new DomainError('ledger.entry_not_found', { subject, reason: `no entry ${entryId}` })
  const entry = await reverseOne(tx, accountId, original, await tx.units.list(accountId), { subject }, now)
  const wallet = await lockWalletById(tx, accountId, entry.walletId)
  if (!wallet) throw new Error(`wallet ${entry.walletId} is missing`)
  return { entry, balance: wallet.balance }
}

/** @see WalletLedger.setBalance */
export const setBalance = async (tx: WalletTx, input: BalanceTarget): Promise<Minor> => {
  if (input.target < 0) throw new DomainError('ledger.invalid_amount', { subject: 'balance', reason: 'a balance cannot be negative' })
  const wallet = await lockWallet(tx, input.accountId, input.contactId, input.unit.id, input.now)
  const delta = input.target - wallet.balance
  if (delta === 0) return wallet.balance
  const entry: EntryInput = {
    ...standard(input.now),
    shopId: null,
    amount: minor(delta),
    type: input.type,
    source: null,
    reference: null,
    title: input.title,
    description: null,
    metadata: input.metadata,
  }
  const result =
    delta > 0
      ? await credit(tx, wallet, input.unit, entry, defaultExpiry(input.unit, input.now))
      : await debit(tx, wallet, input.unit, entry, { subject: 'balance' })
  return result.wallet.balance
}

/**
 * Writes an `expiry` entry for what is left of one lot past its expiry,
 * re-reading the lot under its wallet's lock; false when there was nothing
 * left to expire (another process got there first). Expiry entries have no
 * title: each dialect names them in its own words.
 */
export const expireLot = async (tx: WalletTx, item: { accountId: number; walletId: number; lotId: number }, now: Instant): Promise<boolean> => {
  const wallet = await lockWalletById(tx, item.accountId, item.walletId)
  const lot = await tx.ledger.getLot(item.lotId)
  if (!wallet || !lot || lot.remaining === 0 || lot.expiresAt === null || lot.expiresAt > now) return false
  const unit = unitById(await tx.units.list(item.accountId), wallet.unitId)
  await debit(
    tx,
    wallet,
    unit,
    {
      shopId: null,
      kind: 'expiry',
      amount: minor(-lot.remaining),
      type: null,
      source: null,
      code: null,
      naturalKey: null,
      reference: null,
      title: null,
      description: null,
      reversesId: null,
      metadata: { lotId: lot.id, expiredAt: lot.expiresAt },
      createdAt: now,
    },
    { subject: 'lot' },
    lot.id,
  )
  return true
}

/** The primitives as the port modules are given. */
export const walletLedger: WalletLedger = { lockWallet, postToWallet, reverseEntry, setBalance }
