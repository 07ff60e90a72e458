import type { Contact, Shop, Unit } from '../contacts/contacts.js'
import { type ContactReference, findOrCreateContact, refreshContact, requireContact, requireUnit, upsertShop } from '../contacts/contacts.service.js'
import type { LegacyUnitOfWork, Tx } from '../legacy-tx.js'
import { type Minor, minor } from '../shared/amounts.js'
import { type Clock, DAY_MS, type Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import { idempotent } from '../shared/idempotency.js'
import type { Page, PageRequest } from '../shared/page.js'
import type { ContactSnapshot, Entry, EntryView, Lot, LotView, OrderLine, Wallet, WalletCheck } from './ledger.js'
import type { NewEntry, NewLot } from './ledger.store.js'

export interface ShopReference {
  readonly externalId: string
  readonly name?: string | undefined
}

export interface PostEntryCommand {
  readonly contact: ContactReference
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
  readonly codes: readonly string[]
  /** Field name reported for a code that is unknown or already reversed. */
  readonly codeField: (index: number) => string
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
  /** Field reported when a debit finds too little. */
  readonly field: string
}

export type LedgerService = ReturnType<typeof createLedgerService>

/**
 * A transaction type names a unit and a source: `POINTS COUPON` is a coupon
 * in points, `COINS RELOAD` a reload of coins. A type whose first word is not
 * a unit (`BALANCE TRANSFER DEBIT`) is in the account's first unit, points.
 * @throws unit.not_found when the account has no units at all
 */
export const splitType = (units: readonly Unit[], type: string): { unit: Unit; source: string | null } => {
  const [first = '', ...rest] = type.trim().split(/\s+/)
  const named = units.find((u) => u.name === first)
  if (named) return { unit: named, source: rest.join(' ') || null }
  const fallback = units[0]
  if (!fallback) throw new DomainError('unit.not_found', { field: 'type', reason: 'the account has no units' })
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

/** Open lots read at a time by a debit. */
const LOT_PAGE = 50

const naturalKeyOf = (type: string, code: string | null): string | null => (code === null ? null : JSON.stringify([type, code]))

/** Titles of compensating entries, by the source of the entry they reverse. */
const reversalTitle = (source: string | null): string => {
  if (source === 'ORDER') return 'Reverso de orden'
  if (source === 'COUPON') return 'Reverso de cupón'
  return 'Reverso de transacción'
}

export const createLedgerService = ({ uow, clock }: { uow: LegacyUnitOfWork; clock: Clock }) => {
  const write = <T>(ctx: CommandContext, work: (tx: Tx, now: Instant) => Promise<T>): Promise<T> =>
    uow.run((tx) => {
      const now = clock.now()
      return idempotent(tx, ctx, now, () => work(tx, now))
    })

  /** A contact with its external id and the balance of each wallet, in wallet order. */
  const snapshotOf = (contact: Contact, externalId: string | null, wallets: readonly Wallet[], units: readonly Unit[]): ContactSnapshot => ({
    contact,
    externalId,
    totals: wallets.map((w) => ({ walletId: w.id, unit: unitById(units, w.unitId), balance: w.balance })),
  })

  const snapshot = async (tx: Tx, contact: Contact, units: readonly Unit[]): Promise<ContactSnapshot> => {
    const { wallets, identifier } = await tx.ledger.walletsWithIdentifier(contact.accountId, contact.id, 'external_id')
    return snapshotOf(contact, identifier, wallets, units)
  }

  const duplicateTransaction = (type: string, code: string | null) =>
    new DomainError('ledger.duplicate_transaction', { field: 'code', reason: `a ${type} transaction with code ${code} exists` })

  /** The natural key of a new transaction. @throws ledger.duplicate_transaction when it is taken */
  const newNaturalKey = async (tx: Tx, accountId: number, type: string, code: string | null): Promise<string | null> => {
    const key = naturalKeyOf(type, code)
    if (key && (await tx.ledger.findByNaturalKey(accountId, key))) throw duplicateTransaction(type, code)
    return key
  }

  /** An entry with its contact as it stands now. */
  const viewWithContact = async (tx: Tx, entry: Entry, units: readonly Unit[]): Promise<EntryView> => {
    const contact = await tx.contacts.get(entry.accountId, entry.contactId)
    if (!contact) throw new Error(`contact ${entry.contactId} is missing`)
    return view(tx, entry, await snapshot(tx, contact, units), units)
  }

  const unitById = (units: readonly Unit[], id: number): Unit => {
    const unit = units.find((u) => u.id === id)
    if (!unit) throw new Error(`unit ${id} is missing`)
    return unit
  }

  /** An entry with its unit, shop and contact; `shop` is the entry's shop when the caller already has it. */
  const view = async (tx: Tx, entry: Entry, contact: ContactSnapshot, units: readonly Unit[], shop?: Shop | null): Promise<EntryView> => ({
    entry,
    unit: unitById(units, entry.unitId),
    shop: entry.shopId === null ? null : shop?.id === entry.shopId ? shop : await tx.shops.get(entry.accountId, entry.shopId),
    contact,
  })

  const emit = (tx: Tx, entry: Entry, unit: Unit) =>
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

  /** An entry to write to a wallet: the rest of it, with the wallet's account, contact and unit. */
  const entryOn = (wallet: Wallet, input: Omit<NewEntry, 'walletId' | 'contactId' | 'unitId' | 'accountId'>): NewEntry => ({
    ...input,
    accountId: wallet.accountId,
    walletId: wallet.id,
    contactId: wallet.contactId,
    unitId: wallet.unitId,
  })

  /** Adds a credit made of these lots (their amounts add up to the entry's). The wallet must be locked by the caller. */
  const creditLots = async (
    tx: Tx,
    wallet: Wallet,
    unit: Unit,
    input: Omit<NewEntry, 'walletId' | 'contactId' | 'unitId' | 'accountId'>,
    lots: readonly NewLot[],
  ): Promise<{ entry: Entry; wallet: Wallet }> => {
    const balance = minor(wallet.balance + input.amount)
    const entry = await tx.ledger.insertCredit(entryOn(wallet, input), lots, balance)
    await emit(tx, entry, unit)
    return { entry, wallet: { ...wallet, balance } }
  }

  /** Adds a credit: one entry, one lot. The wallet must be locked by the caller. */
  const credit = (
    tx: Tx,
    wallet: Wallet,
    unit: Unit,
    input: Omit<NewEntry, 'walletId' | 'contactId' | 'unitId' | 'accountId'>,
    expiresAt: Instant | null,
  ): Promise<{ entry: Entry; wallet: Wallet }> => creditLots(tx, wallet, unit, input, [{ amount: input.amount, expiresAt }])

  /**
   * Adds a debit of `-input.amount`, consuming lots soonest-expiring first
   * (`preferLotId` first of all, for the reversal of a credit). The wallet
   * must be locked by the caller, which makes check-and-write one step.
   * @throws ledger.insufficient_balance
   */
  const debit = async (
    tx: Tx,
    wallet: Wallet,
    unit: Unit,
    input: Omit<NewEntry, 'walletId' | 'contactId' | 'unitId' | 'accountId'>,
    field: string,
    preferLotId?: number,
  ): Promise<{ entry: Entry; wallet: Wallet; taken: { lot: Lot; amount: Minor }[] }> => {
    const needed = -input.amount
    if (wallet.balance < needed) {
      throw new DomainError('ledger.insufficient_balance', { field, reason: `balance ${wallet.balance / 100} is less than ${needed / 100}` })
    }
    // The wallet is locked: its lots are read, what to take from each decided, and all of it written at once.
    let left = needed
    const taken: { lot: Lot; amount: Minor }[] = []
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
    await emit(tx, entry, unit)
    return { entry, wallet: { ...wallet, balance }, taken }
  }

  const lockOne = async (tx: Tx, accountId: number, contactId: number, unitId: number, now: Instant): Promise<Wallet> => {
    const [wallet] = await tx.ledger.lockWallets(accountId, [{ contactId, unitId }], now)
    if (!wallet) throw new Error('wallet lock returned nothing')
    return wallet
  }

  const defaultExpiry = (unit: Unit, now: Instant): Instant | null => (unit.lifetimeDays === null ? null : now + unit.lifetimeDays * DAY_MS)

  const shopOf = (tx: Tx, accountId: number, ref: ShopReference | undefined, now: Instant): Promise<Shop | null> =>
    ref ? upsertShop(tx, accountId, ref, now) : Promise.resolve(null)

  /**
   * Credits or debits one contact. A credit registers the contact when it is
   * new; a debit needs an existing contact with enough balance.
   * @throws ledger.duplicate_transaction, ledger.insufficient_balance, ledger.expiry_in_past,
   *         contact.not_found, unit.not_found, idempotency.key_reused
   */
  const post = (ctx: CommandContext, cmd: PostEntryCommand): Promise<EntryView> => write(ctx, (tx, now) => postWithin(tx, ctx, cmd, now))

  /**
   * `post` inside a transaction the caller runs, for use cases that write
   * something of their own with the entry (a confirmed redeem request).
   * Idempotency is the caller's concern.
   */
  const postWithin = (tx: Tx, ctx: CommandContext, cmd: PostEntryCommand, now: Instant): Promise<EntryView> =>
    (async () => {
      const units = await tx.units.list(ctx.accountId)
      const { unit, source } = splitType(units, cmd.type)
      const naturalKey = naturalKeyOf(cmd.type, cmd.code)
      if (cmd.amount > 0 && cmd.expiresAt !== undefined && cmd.expiresAt <= now) {
        throw new DomainError('ledger.expiry_in_past', { field: 'expirationDate', reason: 'the expiration date has passed' })
      }
      const shop = await shopOf(tx, ctx.accountId, cmd.shop, now)
      const channel = ctx.channel ?? 'pos'
      const found =
        cmd.amount > 0
          ? await findOrCreateContact(tx, { accountId: ctx.accountId, ref: cmd.contact, channel, shop, now })
          : await requireContact(tx, ctx.accountId, cmd.contact, 'customer.externalId')
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
      const contact = await refreshContact(tx, found, cmd.contact, channel, now)
      const input = {
        shopId: shop?.id ?? null,
        kind: 'standard' as const,
        amount: cmd.amount,
        type: cmd.type,
        source,
        code: cmd.code,
        naturalKey,
        reference: cmd.reference ?? null,
        title: cmd.title ?? null,
        description: cmd.description ?? null,
        reversesId: null,
        metadata: cmd.metadata ?? {},
        createdAt: now,
      }
      const { entry, wallet } =
        cmd.amount > 0
          ? await credit(tx, locked.wallet, unit, input, cmd.expiresAt ?? defaultExpiry(unit, now))
          : await debit(tx, locked.wallet, unit, input, 'total')
      if (cmd.lines && cmd.lines.length > 0) await tx.ledger.insertOrderLines(ctx.accountId, entry.id, entry.shopId, cmd.lines, now)
      const wallets = [...locked.others, wallet].sort((a, b) => a.id - b.id)
      return view(tx, entry, snapshotOf(contact, locked.identifier, wallets, units), units, shop)
    })()

  /**
   * Writes the compensating entry of one earlier entry. Reversing a credit
   * takes the amount back, from its own lot first and then from the others,
   * and fails when the balance no longer covers it; reversing a debit gives
   * back what it took, with the expiry of the lots it took from.
   */
  const reverseOne = async (tx: Tx, accountId: number, original: Entry, units: readonly Unit[], field: string, now: Instant): Promise<Entry> => {
    if (original.kind !== 'standard') throw new DomainError('ledger.not_reversible', { field, reason: `a ${original.kind} entry cannot be reversed` })
    if (await tx.ledger.findReversalOf(accountId, original.id)) {
      throw new DomainError('ledger.already_reversed', { field, reason: `transaction ${original.code ?? original.id} was already reversed` })
    }
    const unit = unitById(units, original.unitId)
    const wallet = await lockOne(tx, accountId, original.contactId, original.unitId, now)
    const shop = original.shopId === null ? null : await tx.shops.get(accountId, original.shopId)
    const input = {
      shopId: original.shopId,
      kind: 'reversal' as const,
      amount: minor(-original.amount),
      type: original.type,
      source: original.source,
      code: original.code,
      naturalKey: null,
      reference: original.reference,
      title: reversalTitle(original.source),
      description: shop?.name ?? original.description,
      reversesId: original.id,
      metadata: {},
      createdAt: now,
    }
    if (original.amount > 0) {
      const lots = await tx.ledger.openLots(wallet.id)
      const own = lots.find((l) => l.entryId === original.id)
      return (await debit(tx, wallet, unit, input, field, own?.id)).entry
    }
    // The lots come back with the expiry of those the debit took.
    const lots = (await tx.ledger.consumptionsBy(original.id)).map(({ lot, amount }) => ({ amount, expiresAt: lot.expiresAt }))
    return (await creditLots(tx, wallet, unit, input, lots)).entry
  }

  /**
   * Reverses every transaction named by type and code, all or nothing.
   * @throws ledger.entry_not_found, ledger.already_reversed, ledger.not_reversible, ledger.insufficient_balance
   */
  const reverse = (ctx: CommandContext, cmd: ReverseCommand): Promise<EntryView[]> =>
    write(ctx, async (tx, now) => {
      const units = await tx.units.list(ctx.accountId)
      const originals: Entry[] = []
      for (const [i, code] of cmd.codes.entries()) {
        const key = naturalKeyOf(cmd.type, code)
        const original = key ? await tx.ledger.findByNaturalKey(ctx.accountId, key) : null
        if (!original) throw new DomainError('ledger.entry_not_found', { field: cmd.codeField(i), reason: `no ${cmd.type} transaction with code ${code}` })
        if (originals.some((o) => o.id === original.id)) {
          throw new DomainError('ledger.already_reversed', { field: cmd.codeField(i), reason: `code ${code} is listed twice` })
        }
        originals.push(original)
      }
      // Lock every wallet involved in one fixed order before writing, so two
      // overlapping batches cannot deadlock.
      await tx.ledger.lockWallets(
        ctx.accountId,
        originals.map((o) => ({ contactId: o.contactId, unitId: o.unitId })),
        now,
      )
      const reversals: Entry[] = []
      for (const [i, original] of originals.entries()) reversals.push(await reverseOne(tx, ctx.accountId, original, units, cmd.codeField(i), now))
      const views: EntryView[] = []
      for (const entry of reversals) views.push(await viewWithContact(tx, entry, units))
      return views
    })

  /**
   * Moves an amount from one contact to another in one transaction; the
   * receiver is registered when new.
   * @throws contact.not_found, ledger.insufficient_balance, ledger.same_wallet
   */
  const transfer = (ctx: CommandContext, cmd: TransferCommand): Promise<{ from: EntryView; to: EntryView }> =>
    write(ctx, async (tx, now) => {
      const units = await tx.units.list(ctx.accountId)
      const { unit, source } = splitType(units, cmd.type)
      const channel = ctx.channel ?? 'pos'
      const sender = await requireContact(tx, ctx.accountId, cmd.from, 'customerFrom.externalId')
      const receiver = await findOrCreateContact(tx, { accountId: ctx.accountId, ref: cmd.to, channel, shop: null, now })
      if (sender.id === receiver.id)
        throw new DomainError('ledger.same_wallet', { field: 'customerTo.externalId', reason: 'sender and receiver are the same customer' })
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
        'total',
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
        from: await view(tx, out.entry, await snapshot(tx, senderNow, units), units),
        to: await view(tx, inEntry, await snapshot(tx, receiverNow, units), units),
      }
    })

  /**
   * Spends a contact's whole balance of a unit on one order.
   * @throws contact.not_found, ledger.nothing_to_redeem, ledger.duplicate_transaction
   */
  const redeemFullBalance = (ctx: CommandContext, cmd: RedeemFullBalanceCommand): Promise<ContactSnapshot> =>
    write(ctx, async (tx, now) => {
      const units = await tx.units.list(ctx.accountId)
      const { unit, source } = splitType(units, cmd.type)
      const naturalKey = await newNaturalKey(tx, ctx.accountId, cmd.type, cmd.code)
      const contact = await requireContact(tx, ctx.accountId, cmd.contact, 'customer.externalId')
      const shop = await shopOf(tx, ctx.accountId, cmd.shop, now)
      const wallet = await lockOne(tx, ctx.accountId, contact.id, unit.id, now)
      if (wallet.balance <= 0) throw new DomainError('ledger.nothing_to_redeem', { field: 'customer.externalId', reason: `no ${unit.name} to redeem` })
      const { entry } = await debit(
        tx,
        wallet,
        unit,
        {
          shopId: shop?.id ?? null,
          kind: 'standard',
          amount: minor(-wallet.balance),
          type: cmd.type,
          source,
          code: cmd.code,
          naturalKey,
          reference: cmd.reference ?? null,
          title: cmd.title ?? null,
          description: null,
          reversesId: null,
          metadata: { ...cmd.metadata, fullBalance: true },
          createdAt: now,
        },
        'customer.externalId',
      )
      if (cmd.lines && cmd.lines.length > 0) await tx.ledger.insertOrderLines(ctx.accountId, entry.id, entry.shopId, spreadOver(cmd.lines, entry.amount), now)
      return snapshot(tx, contact, units)
    })

  /**
   * Writes an `expiry` entry for what is left of every lot past its expiry.
   * Safe to run from several processes at once: each lot is re-read under
   * its wallet's lock. Returns the number of entries written.
   */
  const expireDue = async (batchSize = 500): Promise<number> => {
    let written = 0
    for (;;) {
      const due = await uow.read((tx) => tx.ledger.dueLots(clock.now(), batchSize))
      if (due.length === 0) return written
      for (const item of due) {
        const done = await uow.run(async (tx) => {
          const now = clock.now()
          const wallet = await lockWalletById(tx, item.accountId, item.walletId)
          const lot = await tx.ledger.getLot(item.lotId)
          if (!wallet || !lot || lot.remaining === 0 || lot.expiresAt === null || lot.expiresAt > now) return false
          const units = await tx.units.list(item.accountId)
          const unit = unitById(units, wallet.unitId)
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
              title: 'Expiración',
              description: null,
              reversesId: null,
              metadata: { lotId: lot.id, expiredAt: lot.expiresAt },
              createdAt: now,
            },
            'lot',
            lot.id,
          )
          return true
        })
        if (done) written++
      }
      if (due.length < batchSize) return written
    }
  }

  const lockWalletById = async (tx: Tx, accountId: number, walletId: number): Promise<Wallet | null> =>
    (await tx.ledger.lockWalletsById(accountId, [walletId]))[0] ?? null

  const contactSnapshot = (accountId: number, ref: { kind: ContactReference['kind']; value: string }): Promise<ContactSnapshot | null> =>
    uow.read(async (tx) => {
      const found = await tx.ledger.snapshotByIdentifier(accountId, ref.kind, ref.value, 'external_id')
      if (!found) return null
      return snapshotOf(found.contact, found.identifier, found.wallets, await tx.units.list(accountId))
    })

  /** A contact's entries, newest first. @throws contact.not_found */
  const history = (accountId: number, ref: { kind: ContactReference['kind']; value: string }, page: PageRequest, field: string): Promise<Page<EntryView>> =>
    uow.read(async (tx) => {
      const contact = await requireContact(tx, accountId, ref, field)
      const units = await tx.units.list(accountId)
      const snap = await snapshot(tx, contact, units)
      const entries = await tx.ledger.history(accountId, contact.id, page)
      const items: EntryView[] = []
      for (const e of entries.items) items.push(await view(tx, e, snap, units))
      return { ...entries, items }
    })

  /** The transaction with this type and code and its reversal, if any. */
  const byCode = (accountId: number, type: string, code: string): Promise<EntryView[]> =>
    uow.read(async (tx) => {
      const units = await tx.units.list(accountId)
      const entries = await tx.ledger.byCode(accountId, type, code)
      const views: EntryView[] = []
      for (const e of entries) views.push(await viewWithContact(tx, e, units))
      return views
    })

  /** A contact's entries in one unit within [from, to). @throws contact.not_found, unit.not_found */
  const inRange = (
    accountId: number,
    ref: { kind: ContactReference['kind']; value: string },
    unitName: string,
    from: Instant,
    to: Instant,
    field: string,
  ): Promise<EntryView[]> =>
    uow.read(async (tx) => {
      const contact = await requireContact(tx, accountId, ref, field)
      const units = await tx.units.list(accountId)
      const unit = requireUnit(units, unitName, 'unit')
      const snap = await snapshot(tx, contact, units)
      const views: EntryView[] = []
      for (const e of await tx.ledger.inRange(accountId, contact.id, unit.id, from, to)) views.push(await view(tx, e, snap, units))
      return views
    })

  /** A contact's lots with something left. @throws contact.not_found */
  const openLots = (accountId: number, ref: { kind: ContactReference['kind']; value: string }, field: string): Promise<LotView[]> =>
    uow.read(async (tx) => {
      const contact = await requireContact(tx, accountId, ref, field)
      const units = await tx.units.list(accountId)
      const lots = await tx.ledger.openLotsOfContact(accountId, contact.id)
      return lots.map(({ unitId, source, ...lot }) => ({ lot, unit: unitById(units, unitId), source }))
    })

  const check = (): Promise<{ wallets: number; mismatches: WalletCheck[] }> => uow.read((tx) => tx.ledger.check())

  /**
   * Brings a contact's balance of a unit to `target` with one entry of the
   * difference (none when it is already there), inside the caller's
   * transaction: for modules whose own record and balance change together.
   * The wallet is locked first, so concurrent changes apply one after the other.
   * Returns the balance after the change.
   * @throws ledger.invalid_amount when `target` is negative
   */
  const setBalanceWithin = async (
    tx: Tx,
    input: {
      accountId: number
      contactId: number
      unit: Unit
      target: Minor
      type: string
      title: string | null
      metadata: Record<string, unknown>
      now: Instant
    },
  ): Promise<Minor> => {
    if (input.target < 0) throw new DomainError('ledger.invalid_amount', { field: 'balance', reason: 'a balance cannot be negative' })
    const wallet = await lockOne(tx, input.accountId, input.contactId, input.unit.id, input.now)
    const delta = input.target - wallet.balance
    if (delta === 0) return wallet.balance
    const entry = {
      shopId: null,
      kind: 'standard' as const,
      amount: minor(delta),
      type: input.type,
      source: null,
      code: null,
      naturalKey: null,
      reference: null,
      title: input.title,
      description: null,
      reversesId: null,
      metadata: input.metadata,
      createdAt: input.now,
    }
    const result =
      delta > 0 ? await credit(tx, wallet, input.unit, entry, defaultExpiry(input.unit, input.now)) : await debit(tx, wallet, input.unit, entry, 'balance')
    return result.wallet.balance
  }

  /**
   * Posts one standard entry to a wallet inside the caller's transaction, for
   * modules that keep their balances in the ledger (giftcards, prepaid) and
   * check their own rules under the wallet lock first (`lockWallet`).
   * @throws ledger.insufficient_balance
   */
  const postToWallet = async (tx: Tx, input: WalletPosting, now: Instant): Promise<{ entry: Entry; balance: Minor }> => {
    const wallet = await lockOne(tx, input.accountId, input.contactId, input.unitId, now)
    const unit = unitById(await tx.units.list(input.accountId), input.unitId)
    const posting = {
      shopId: input.shopId,
      kind: 'standard' as const,
      amount: input.amount,
      type: input.type,
      source: input.source ?? null,
      code: null,
      naturalKey: null,
      reference: input.reference ?? null,
      title: input.title ?? null,
      description: input.description ?? null,
      reversesId: null,
      metadata: input.metadata ?? {},
      createdAt: now,
    }
    const done = input.amount > 0 ? await credit(tx, wallet, unit, posting, input.expiresAt ?? null) : await debit(tx, wallet, unit, posting, input.field)
    return { entry: done.entry, balance: done.wallet.balance }
  }

  /**
   * Reverses one standard entry inside the caller's transaction.
   * @throws ledger.not_reversible, ledger.already_reversed, ledger.insufficient_balance
   */
  const reverseEntry = async (tx: Tx, accountId: number, entryId: number, field: string, now: Instant): Promise<{ entry: Entry; balance: Minor }> => {
    const original = await tx.ledger.getEntry(accountId, entryId)
    if (!original) throw new DomainError('ledger.entry_not_found', { field, reason: `no entry ${entryId}` })
    const entry = await reverseOne(tx, accountId, original, await tx.units.list(accountId), field, now)
    const [wallet] = await tx.ledger.lockWalletsById(accountId, [entry.walletId])
    if (!wallet) throw new Error(`wallet ${entry.walletId} is missing`)
    return { entry, balance: wallet.balance }
  }

  /** Locks (creating when new) the wallet of a contact in a unit, inside the caller's transaction. */
  const lockWallet = (tx: Tx, accountId: number, contactId: number, unitId: number, now: Instant): Promise<Wallet> =>
    lockOne(tx, accountId, contactId, unitId, now)

  return {
    post,
    postWithin,
    reverse,
    transfer,
    redeemFullBalance,
    expireDue,
    contactSnapshot,
    history,
    byCode,
    inRange,
    openLots,
    check,
    setBalanceWithin,
    postToWallet,
    reverseEntry,
    lockWallet,
  }
}
