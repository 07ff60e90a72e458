import type { Contact, Shop, Unit } from '../contacts/contacts.js'
import { type ContactReference, findOrCreateContact, refreshContact, requireContact, upsertShop } from '../contacts/contacts.service.js'
import type { ContactsTx } from '../contacts/contacts.store.js'
import { type Minor, minor } from '../shared/amounts.js'
import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'
import type { IdempotencyTx } from '../shared/idempotency.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import { writer } from '../shared/write.js'
import type { ContactSnapshot, Entry, EntryView, OrderLine } from './ledger.js'
import { createLedgerQueries, entryView, entryViewWithContact, type LedgerQueries, snapshot, snapshotOf } from './ledger.queries.js'
import type { LedgerTx } from './ledger.store.js'
import { credit, creditLots, debit, defaultExpiry, type EntryInput, expireLot, lockWallet, reverseOne } from './wallets.js'

export type LedgerServiceTx = LedgerTx & ContactsTx & EventsTx & IdempotencyTx

export interface ShopReference {
  readonly externalId: string
  readonly name?: string | undefined
}

export interface PostEntryCommand {
  /** Who the entry is for: by identifier (registered when a credit names someone new), or by id. */
  readonly contact: ContactReference | { readonly id: number }
  /** The caller's transaction type (`POINTS COUPON`): names the unit and the source; with `code` it identifies the transaction. */
  readonly type: string
  readonly code: string | null
  /** Signed, never zero: positive credits, negative debits. */
  readonly amount: Minor
  readonly shop?: ShopReference | undefined
  readonly title?: string | undefined
  readonly description?: string | undefined
  readonly reference?: string | undefined
  /** Expiry of a credit; the unit's default lifetime applies when absent. */
  readonly expiresAt?: Instant | undefined
  readonly lines?: readonly OrderLine[] | undefined
  readonly metadata?: Record<string, unknown> | undefined
}

export interface ReverseCommand {
  readonly type: string
  /** The codes of the transactions to reverse; an error names the code's index in `index`. */
  readonly codes: readonly string[]
}

export interface TransferCommand {
  readonly from: ContactReference
  readonly to: ContactReference
  readonly type: string
  readonly amount: Minor
  readonly title?: string | undefined
  readonly description?: string | undefined
}

export interface RedeemFullBalanceCommand {
  readonly contact: ContactReference
  readonly type: string
  readonly code: string | null
  readonly shop?: ShopReference | undefined
  readonly title?: string | undefined
  readonly reference?: string | undefined
  readonly lines?: readonly OrderLine[] | undefined
  readonly metadata?: Record<string, unknown> | undefined
}

/**
 * The ledger's transaction commands, with its reads: every balance change a
 * caller asks for by transaction type and code. Errors name subjects (the
 * contact, the amount, the code, a transfer's sender or receiver); each
 * dialect names its own fields for them.
 */
export interface LedgerService extends LedgerQueries {
  /**
   * Credits or debits one contact. A credit registers the contact when it is
   * new; a debit needs an existing contact with enough balance.
   * @throws ledger.duplicate_transaction (code), ledger.insufficient_balance (amount),
   *         ledger.expiry_in_past (expiry), contact.not_found (contact), unit.not_found (type),
   *         idempotency.key_reused
   */
  post(ctx: CommandContext, cmd: PostEntryCommand): Promise<EntryView>
  /**
   * `post` inside a transaction the caller runs, for use cases that write
   * something of their own with the entry (a confirmed redeem request).
   * Idempotency is the caller's concern. Throws as `post`.
   */
  postWithin(tx: LedgerServiceTx, ctx: CommandContext, cmd: PostEntryCommand, now: Instant): Promise<EntryView>
  /**
   * Reverses every transaction named by type and code, all or nothing.
   * @throws ledger.entry_not_found, ledger.already_reversed, ledger.not_reversible,
   *         ledger.insufficient_balance (all about the code, with its index), idempotency.key_reused
   */
  reverse(ctx: CommandContext, cmd: ReverseCommand): Promise<EntryView[]>
  /**
   * Moves an amount from one contact to another in one transaction; the
   * receiver is registered when new.
   * @throws contact.not_found (sender), ledger.same_wallet (receiver), ledger.insufficient_balance (amount),
   *         unit.not_found (type), idempotency.key_reused
   */
  transfer(ctx: CommandContext, cmd: TransferCommand): Promise<{ from: EntryView; to: EntryView }>
  /**
   * Spends a contact's whole balance of a unit on one order.
   * @throws contact.not_found, ledger.nothing_to_redeem (contact), ledger.duplicate_transaction (code),
   *         unit.not_found (type), idempotency.key_reused
   */
  redeemFullBalance(ctx: CommandContext, cmd: RedeemFullBalanceCommand): Promise<ContactSnapshot>
  /**
   * Writes an `expiry` entry for what is left of every lot past its expiry.
   * Safe to run from several processes at once: each lot is re-read under
   * its wallet's lock. Returns the number of entries written.
   */
  expireDue(batchSize?: number): Promise<number>
}

/**
 * A transaction type names a unit and a source: `POINTS COUPON` is a coupon
 * in points, `COINS RELOAD` a reload of coins. A type whose first word is not
 * a unit (`BALANCE TRANSFER DEBIT`) is in the account's first unit, points.
 * @throws unit.not_found (type) when the account has no units at all
 */
export const splitType = (units: readonly Unit[], type: string): { unit: Unit; source: string | null } => {
  const [first = '', ...rest] = type.trim().split(/\s+/)
  const named = units.find((u) => u.name === first)
  if (named) return { unit: named, source: rest.join(' ') || null }
  const fallback = units[0]
  if (!fallback) throw new DomainError('unit.not_found', { subject: 'type', reason: 'the account has no units' })
  return { unit: fallback, source: type.trim() }
}

/**
 * Lines of a full-balance redemption that do not say what they redeemed get
 * the redeemed amount spread over them in proportion to their totals (the
 * first line takes the rounding), so the product report sees every point.
 */
const spreadOver = (lines: readonly OrderLine[], redeemed: Minor): OrderLine[] => {
  if (lines.some((l) => l.earnedRedeemed !== 0)) return [...lines]
  const weights = lines.map((l) => Math.max(0, l.total))
  const sum = weights.reduce((a, b) => a + b, 0)
  const shares = weights.map((w) => (sum === 0 ? Math.trunc(redeemed / lines.length) : Math.trunc((redeemed * w) / sum)))
  shares[0] = (shares[0] ?? 0) + (redeemed - shares.reduce((a, b) => a + b, 0))
  return lines.map((l, i) => ({ ...l, earnedRedeemed: minor(shares[i] ?? 0) }))
}

const naturalKeyOf = (type: string, code: string | null): string | null => (code === null ? null : JSON.stringify([type, code]))

const duplicateTransaction = (type: string, code: string | null) =>
  new DomainError('ledger.duplicate_transaction', { subject: 'code', reason: `a ${type} transaction with code ${code} exists` })

/** The natural key of a new transaction. @throws ledger.duplicate_transaction when it is taken */
const newNaturalKey = async (tx: LedgerTx, accountId: number, type: string, code: string | null): Promise<string | null> => {
  const key = naturalKeyOf(type, code)
  if (key && (await tx.ledger.findByNaturalKey(accountId, key))) throw duplicateTransaction(type, code)
  return key
}

const shopOf = (tx: Pick<ContactsTx, 'shops'>, accountId: number, ref: ShopReference | undefined, now: Instant): Promise<Shop | null> =>
  ref ? upsertShop(tx, accountId, ref, now) : Promise.resolve(null)

/** The standard entry a caller's command asks for. */
const commandEntry = (
  cmd: { readonly type: string; readonly code: string | null; readonly reference?: string | undefined; readonly title?: string | undefined },
  parts: {
    shop: Shop | null
    source: string | null
    naturalKey: string | null
    amount: Minor
    description: string | null
    metadata: Record<string, unknown>
    now: Instant
  },
): EntryInput => ({
  shopId: parts.shop?.id ?? null,
  kind: 'standard',
  amount: parts.amount,
  type: cmd.type,
  source: parts.source,
  code: cmd.code,
  naturalKey: parts.naturalKey,
  reference: cmd.reference ?? null,
  title: cmd.title ?? null,
  description: parts.description,
  reversesId: null,
  metadata: parts.metadata,
  createdAt: parts.now,
})

/** @see LedgerService.postWithin */
export const postWithin = async (tx: LedgerServiceTx, ctx: CommandContext, cmd: PostEntryCommand, now: Instant): Promise<EntryView> => {
  const units = await tx.units.list(ctx.accountId)
  const { unit, source } = splitType(units, cmd.type)
  const naturalKey = naturalKeyOf(cmd.type, cmd.code)
  if (cmd.amount > 0 && cmd.expiresAt !== undefined && cmd.expiresAt <= now) {
    throw new DomainError('ledger.expiry_in_past', { subject: 'expiry', reason: 'the expiration date has passed' })
  }
  const shop = await shopOf(tx, ctx.accountId, cmd.shop, now)
  const channel = ctx.channel ?? 'pos'
  const ref = cmd.contact
  const found =
    'id' in ref
      ? await tx.contacts.get(ctx.accountId, ref.id)
      : cmd.amount > 0
        ? await findOrCreateContact(tx, { accountId: ctx.accountId, ref, channel, shop, now })
        : await requireContact(tx, ctx.accountId, ref)
  if (!found) throw new DomainError('contact.not_found', { subject: 'contact', reason: 'the contact is gone' })
  // One round trip locks the wallet, checks the natural key and reads the rest of the snapshot answered after the write.
  const locked = await tx.ledger.lockForPosting({
    accountId: ctx.accountId,
    contactId: found.id,
    unitId: unit.id,
    naturalKey,
    identifierKind: 'external_id',
    now,
  })
  if (locked.naturalKeyTaken) throw duplicateTransaction(cmd.type, cmd.code)
  const contact = 'id' in ref ? found : await refreshContact(tx, found, ref, channel, now)
  const input = commandEntry(cmd, { shop, source, naturalKey, amount: cmd.amount, description: cmd.description ?? null, metadata: cmd.metadata ?? {}, now })
  const { entry, wallet } =
    cmd.amount > 0
      ? await credit(tx, locked.wallet, unit, input, cmd.expiresAt ?? defaultExpiry(unit, now))
      : await debit(tx, locked.wallet, unit, input, { subject: 'amount' })
  if (cmd.lines && cmd.lines.length > 0) await tx.ledger.insertOrderLines(ctx.accountId, entry.id, entry.shopId, cmd.lines, now)
  const wallets = [...locked.others, wallet].sort((a, b) => a.id - b.id)
  return entryView(tx, entry, snapshotOf(contact, locked.identifier, wallets, units), units, shop)
}

const reverseCodes = async (tx: LedgerServiceTx, ctx: CommandContext, cmd: ReverseCommand, now: Instant): Promise<EntryView[]> => {
  const units = await tx.units.list(ctx.accountId)
  const originals: Entry[] = []
  for (const [index, code] of cmd.codes.entries()) {
    const key = naturalKeyOf(cmd.type, code)
    const original = key ? await tx.ledger.findByNaturalKey(ctx.accountId, key) : null
    if (!original) throw new DomainError('ledger.entry_not_found', { subject: 'code', index, reason: `no ${cmd.type} transaction with code ${code}` })
    if (originals.some((o) => o.id === original.id)) {
      throw new DomainError('ledger.already_reversed', { subject: 'code', index, reason: `code ${code} is listed twice` })
    }
    originals.push(original)
  }
  // Every wallet involved is locked in one fixed order before writing, so two overlapping batches cannot deadlock.
  await tx.ledger.lockWallets(
    ctx.accountId,
    originals.map((o) => ({ contactId: o.contactId, unitId: o.unitId })),
    now,
  )
  const reversals: Entry[] = []
  for (const [index, original] of originals.entries()) reversals.push(await reverseOne(tx, ctx.accountId, original, units, { subject: 'code', index }, now))
  const views: EntryView[] = []
  for (const entry of reversals) views.push(await entryViewWithContact(tx, entry, units))
  return views
}

const transferWithin = async (tx: LedgerServiceTx, ctx: CommandContext, cmd: TransferCommand, now: Instant): Promise<{ from: EntryView; to: EntryView }> => {
  const units = await tx.units.list(ctx.accountId)
  const { unit, source } = splitType(units, cmd.type)
  const channel = ctx.channel ?? 'pos'
  const sender = await requireContact(tx, ctx.accountId, cmd.from, 'sender')
  const receiver = await findOrCreateContact(tx, { accountId: ctx.accountId, ref: cmd.to, channel, shop: null, now })
  if (sender.id === receiver.id) throw new DomainError('ledger.same_wallet', { subject: 'receiver', reason: 'sender and receiver are the same customer' })
  const wallets = await tx.ledger.lockWallets(
    ctx.accountId,
    [
      { contactId: sender.id, unitId: unit.id },
      { contactId: receiver.id, unitId: unit.id },
    ],
    now,
  )
  const fromWallet = wallets.find((w) => w.contactId === sender.id)
  const toWallet = wallets.find((w) => w.contactId === receiver.id)
  if (!fromWallet || !toWallet) throw new Error('transfer wallets were not locked')
  // Contacts are refreshed under the wallet locks, in id order.
  const parties = [
    { contact: sender, ref: cmd.from },
    { contact: receiver, ref: cmd.to },
  ].sort((a, b) => a.contact.id - b.contact.id)
  const refreshed = new Map<number, Contact>()
  for (const { contact, ref } of parties) refreshed.set(contact.id, await refreshContact(tx, contact, ref, channel, now))
  const senderNow = refreshed.get(sender.id)
  const receiverNow = refreshed.get(receiver.id)
  if (!senderNow || !receiverNow) throw new Error('transfer contacts were not refreshed')
  const base = {
    shopId: null,
    kind: 'transfer' as const,
    type: cmd.type,
    source,
    code: null,
    naturalKey: null,
    reference: null,
    title: cmd.title ?? null,
    reversesId: null,
    createdAt: now,
  }
  const out = await debit(
    tx,
    fromWallet,
    unit,
    { ...base, amount: minor(-cmd.amount), description: cmd.description ?? cmd.to.name ?? receiver.name, metadata: { counterpartContactId: receiver.id } },
    { subject: 'amount' },
  )
  // The receiver's lots keep the expiry of the sender's lots they came from.
  const { entry: inEntry } = await creditLots(
    tx,
    toWallet,
    unit,
    {
      ...base,
      amount: cmd.amount,
      description: cmd.description ?? senderNow.name,
      metadata: { counterpartContactId: sender.id, counterpartEntryId: out.entry.id },
    },
    out.taken.map(({ lot, amount }) => ({ amount, expiresAt: lot.expiresAt })),
  )
  return {
    from: await entryView(tx, out.entry, await snapshot(tx, senderNow, units), units),
    to: await entryView(tx, inEntry, await snapshot(tx, receiverNow, units), units),
  }
}

const redeemFullBalanceWithin = async (tx: LedgerServiceTx, ctx: CommandContext, cmd: RedeemFullBalanceCommand, now: Instant): Promise<ContactSnapshot> => {
  const units = await tx.units.list(ctx.accountId)
  const { unit, source } = splitType(units, cmd.type)
  const naturalKey = await newNaturalKey(tx, ctx.accountId, cmd.type, cmd.code)
  const contact = await requireContact(tx, ctx.accountId, cmd.contact)
  const shop = await shopOf(tx, ctx.accountId, cmd.shop, now)
  const wallet = await lockWallet(tx, ctx.accountId, contact.id, unit.id, now)
  if (wallet.balance <= 0) throw new DomainError('ledger.nothing_to_redeem', { subject: 'contact', reason: `no ${unit.name} to redeem` })
  const { entry } = await debit(
    tx,
    wallet,
    unit,
    commandEntry(cmd, { shop, source, naturalKey, amount: minor(-wallet.balance), description: null, metadata: { ...cmd.metadata, fullBalance: true }, now }),
    { subject: 'contact' },
  )
  if (cmd.lines && cmd.lines.length > 0) await tx.ledger.insertOrderLines(ctx.accountId, entry.id, entry.shopId, spreadOver(cmd.lines, entry.amount), now)
  return snapshot(tx, contact, units)
}

export const createLedgerService = ({ uow, clock }: { uow: UnitOfWork<LedgerServiceTx>; clock: Clock }): LedgerService => {
  const write = writer({ uow, clock })
  return {
    ...createLedgerQueries({ uow }),
    post: (ctx, cmd) => write(ctx, (tx, now) => postWithin(tx, ctx, cmd, now)),
    postWithin,
    reverse: (ctx, cmd) => write(ctx, (tx, now) => reverseCodes(tx, ctx, cmd, now)),
    transfer: (ctx, cmd) => write(ctx, (tx, now) => transferWithin(tx, ctx, cmd, now)),
    redeemFullBalance: (ctx, cmd) => write(ctx, (tx, now) => redeemFullBalanceWithin(tx, ctx, cmd, now)),
    expireDue: async (batchSize = 500) => {
      let written = 0
      for (;;) {
        const due = await uow.read((tx) => tx.ledger.dueLots(clock.now(), batchSize))
        if (due.length === 0) return written
        for (const item of due) if (await uow.run((tx) => expireLot(tx, item, clock.now()))) written++
        if (due.length < batchSize) return written
      }
    },
  }
}
