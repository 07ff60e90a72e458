import { randomInt, randomUUID } from 'node:crypto'
import type { Shop } from '../contacts/contacts.js'
import type { LedgerService } from '../ledger/ledger.service.js'
import type { LegacyUnitOfWork, Tx } from '../legacy-tx.js'
import { type Minor, minor } from '../shared/amounts.js'
import { type Clock, DAY_MS, type Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import { idempotent } from '../shared/idempotency.js'
import type { Page, PageRequest } from '../shared/page.js'
import {
  GIFTCARD_UNIT,
  type Giftcard,
  type GiftcardProgram,
  type GiftcardProgramView,
  type GiftcardTransaction,
  type GiftcardTransactionView,
  type GiftcardType,
  type GiftcardView,
} from './giftcards.js'
import { ensureUnit, findUnit } from './money-units.js'

export interface CreateProgramCommand {
  readonly name: string
  readonly active: boolean
  readonly upgradeable: boolean
  readonly expirationDays: number | null
  readonly maxAmount: Minor | null
  readonly minAmount: Minor | null
}

/** A card named by its UUID (back office) or by its hash (what the holder shows at a till). */
export type GiftcardReference = { readonly uuid: string } | { readonly hash: string }

/** A shop named by its UUID (Leat) or by its id (a portal session's own shop). */
export type ShopRef = { readonly uuid: string } | { readonly id: number }

export interface GiftcardTransactionCommand {
  readonly card: GiftcardReference
  /** Signed, never zero: positive tops the card up, negative spends from it. */
  readonly amount: Minor
  readonly shop: ShopRef
  readonly metadata?: Record<string, unknown> | undefined
}

export interface GiftcardTransactionFilterQuery {
  readonly hash?: string | undefined
  readonly programUuid?: string | undefined
  readonly shopUuid?: string | undefined
}

const HASH_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
const HASH_LENGTH = 12

/** Twelve characters from 32 symbols: 60 bits, so a hash cannot be guessed. */
const newHash = (): string => Array.from({ length: HASH_LENGTH }, () => HASH_ALPHABET[randomInt(HASH_ALPHABET.length)]).join('')

const cardField = (ref: GiftcardReference): string => ('uuid' in ref ? 'giftcard_uuid' : 'hash')

export type GiftcardService = ReturnType<typeof createGiftcardService>

/**
 * Giftcard programs, giftcards and their transactions. A card's money is a
 * ledger wallet owned by the card's holder row, in the GIFTCARD unit; every
 * transaction is one ledger entry, checked and written under the wallet's lock.
 */
export const createGiftcardService = ({ uow, clock, ledger }: { uow: LegacyUnitOfWork; clock: Clock; ledger: LedgerService }) => {
  const write = <T>(ctx: CommandContext, work: (tx: Tx, now: Instant) => Promise<T>): Promise<T> =>
    uow.run((tx) => {
      const now = clock.now()
      return idempotent(tx, ctx, now, () => work(tx, now))
    })

  const programOf = async (tx: Tx, card: Giftcard): Promise<GiftcardProgram> => {
    const program = await tx.giftcards.programById(card.accountId, card.programId)
    if (!program) throw new Error(`giftcard program ${card.programId} is missing`)
    return program
  }

  const balanceOf = async (tx: Tx, card: Giftcard): Promise<Minor> => {
    const unit = await findUnit(tx, card.accountId, GIFTCARD_UNIT.name)
    if (!unit) return minor(0)
    const wallet = (await tx.ledger.walletsOf(card.accountId, card.holderId)).find((w) => w.unitId === unit.id)
    return wallet?.balance ?? minor(0)
  }

  const viewOf = async (tx: Tx, card: Giftcard): Promise<GiftcardView> => ({ card, program: await programOf(tx, card), balance: await balanceOf(tx, card) })

  /** @throws giftcard.not_found */
  const requireCard = async (tx: Tx, accountId: number, ref: GiftcardReference): Promise<Giftcard> => {
    const card = 'uuid' in ref ? await tx.giftcards.byUuid(accountId, ref.uuid) : await tx.giftcards.byHash(accountId, ref.hash)
    if (!card) throw new DomainError('giftcard.not_found', { field: cardField(ref), reason: 'no such giftcard' })
    return card
  }

  /** @throws shop.not_found */
  const requireShop = async (tx: Tx, accountId: number, ref: ShopRef): Promise<Shop> => {
    const shop = 'uuid' in ref ? await tx.shops.findByUuid(accountId, ref.uuid) : await tx.shops.get(accountId, ref.id)
    if (!shop) throw new DomainError('shop.not_found', { field: 'shop_uuid', reason: 'no such shop' })
    return shop
  }

  /** @throws giftcard_program.not_found */
  const requireProgram = async (tx: Tx, accountId: number, uuid: string): Promise<GiftcardProgram> => {
    const program = await tx.giftcards.programByUuid(accountId, uuid)
    if (!program) throw new DomainError('giftcard_program.not_found', { field: 'giftcard_program_uuid', reason: `no giftcard program ${uuid}` })
    return program
  }

  const createProgram = (ctx: CommandContext, cmd: CreateProgramCommand): Promise<GiftcardProgramView> =>
    write(ctx, async (tx, now) => {
      const program = await tx.giftcards.createProgram({ accountId: ctx.accountId, ...cmd, now })
      await tx.events.append({
        type: 'giftcard_program.created',
        accountId: ctx.accountId,
        payload: { giftcardProgramId: program.id, uuid: program.uuid },
        occurredAt: now,
      })
      return { ...program, cardCount: 0 }
    })

  const listPrograms = (accountId: number): Promise<GiftcardProgramView[]> => uow.read((tx) => tx.giftcards.listPrograms(accountId))

  /**
   * Issues a new, empty card in a program; it expires `expirationDays` after today when the program says so.
   * @throws giftcard.type_not_supported, giftcard_program.not_found
   */
  const create = (ctx: CommandContext, cmd: { type: GiftcardType; programUuid: string }): Promise<GiftcardView> =>
    write(ctx, async (tx, now) => {
      if (cmd.type !== 'DIGITAL') throw new DomainError('giftcard.type_not_supported', { field: 'type', reason: 'only digital giftcards can be created' })
      const program = await requireProgram(tx, ctx.accountId, cmd.programUuid)
      const holderId = await tx.giftcards.createHolder(ctx.accountId, now)
      const card = await tx.giftcards.create({
        accountId: ctx.accountId,
        programId: program.id,
        holderId,
        type: cmd.type,
        hash: newHash(),
        upgradeable: program.upgradeable,
        expiresAt: program.expirationDays === null ? null : now + program.expirationDays * DAY_MS,
        now,
      })
      // The wallet exists from the start, so the card's balance is in the ledger check even at zero.
      const unit = await ensureUnit(tx, ctx.accountId, GIFTCARD_UNIT, now)
      await ledger.lockWallet(tx, ctx.accountId, holderId, unit.id, now)
      await tx.events.append({
        type: 'giftcard.created',
        accountId: ctx.accountId,
        payload: { giftcardId: card.id, uuid: card.uuid, giftcardProgramUuid: program.uuid },
        occurredAt: now,
      })
      return { card, program, balance: minor(0) }
    })

  /** @throws giftcard.not_found */
  const get = (accountId: number, ref: GiftcardReference): Promise<GiftcardView> => uow.read(async (tx) => viewOf(tx, await requireCard(tx, accountId, ref)))

  /** @throws giftcard_program.not_found */
  const list = (accountId: number, programUuid: string | null, page: PageRequest): Promise<Page<GiftcardView>> =>
    uow.read(async (tx) => {
      const program = programUuid === null ? null : await requireProgram(tx, accountId, programUuid)
      const cards = await tx.giftcards.list(accountId, program?.id ?? null, page)
      const items: GiftcardView[] = []
      for (const card of cards.items) items.push(await viewOf(tx, card))
      return { ...cards, items }
    })

  /**
   * Checks a card can take `amount` now; runs under the card wallet's lock so
   * that the balance it reads is the one the entry is written against.
   */
  const checkCard = (card: Giftcard, program: GiftcardProgram, balance: Minor, amount: Minor, now: Instant, field: string, isReversal: boolean) => {
    if (!card.active || !program.active) throw new DomainError('giftcard.inactive', { field, reason: 'the giftcard is not active' })
    if (card.expiresAt !== null && card.expiresAt <= now) throw new DomainError('giftcard.expired', { field, reason: 'the giftcard has expired' })
    if (amount > 0) {
      if (!card.upgradeable && !isReversal)
        throw new DomainError('giftcard.not_upgradeable', { field: 'amount_in_cents', reason: 'this giftcard cannot be topped up' })
      if (program.maxAmount !== null && balance + amount > program.maxAmount) {
        throw new DomainError('giftcard.max_amount_exceeded', { field: 'amount_in_cents', reason: `the card may hold at most ${program.maxAmount} cents` })
      }
    } else if (balance < -amount) {
      throw new DomainError('giftcard.insufficient_balance', { field: 'amount_in_cents', reason: `the card holds ${balance} cents` })
    }
  }

  const recordTransaction = async (
    tx: Tx,
    card: Giftcard,
    shop: Shop | null,
    posted: { entry: { id: number; amount: Minor }; balance: Minor },
    reversesId: number | null,
    now: Instant,
  ): Promise<GiftcardTransactionView> => {
    const transaction = await tx.giftcards.insertTransaction({
      uuid: randomUUID(),
      accountId: card.accountId,
      giftcardId: card.id,
      entryId: posted.entry.id,
      shopId: shop?.id ?? null,
      amount: posted.entry.amount,
      reversesId,
      createdAt: now,
    })
    await tx.events.append({
      type: 'giftcard_transaction.created',
      accountId: card.accountId,
      shopId: shop?.id ?? null,
      payload: {
        giftcardTransactionId: transaction.id,
        uuid: transaction.uuid,
        giftcardUuid: card.uuid,
        amountInCents: transaction.amount,
        balanceInCents: posted.balance,
        reversesId,
      },
      occurredAt: now,
    })
    return { transaction, card, shop, balance: posted.balance }
  }

  /**
   * Tops a card up (positive amount) or spends from it (negative amount).
   * Never takes a card below zero, also under concurrent requests.
   * @throws validation.invalid, giftcard.not_found, shop.not_found, giftcard.inactive, giftcard.expired,
   *         giftcard.not_upgradeable, giftcard.max_amount_exceeded, giftcard.insufficient_balance, idempotency.key_reused
   */
  const transact = (ctx: CommandContext, cmd: GiftcardTransactionCommand): Promise<GiftcardTransactionView> =>
    write(ctx, async (tx, now) => {
      if (cmd.amount === 0) throw new DomainError('validation.invalid', { field: 'amount_in_cents', reason: 'must not be zero' })
      const card = await requireCard(tx, ctx.accountId, cmd.card)
      const shop = await requireShop(tx, ctx.accountId, cmd.shop)
      const program = await programOf(tx, card)
      const unit = await ensureUnit(tx, ctx.accountId, GIFTCARD_UNIT, now)
      const wallet = await ledger.lockWallet(tx, ctx.accountId, card.holderId, unit.id, now)
      checkCard(card, program, wallet.balance, cmd.amount, now, cardField(cmd.card), false)
      const posted = await ledger.postToWallet(
        tx,
        {
          accountId: ctx.accountId,
          contactId: card.holderId,
          unitId: unit.id,
          amount: cmd.amount,
          shopId: shop.id,
          type: cmd.amount > 0 ? 'GIFTCARD TOP UP' : 'GIFTCARD REDEEM',
          source: cmd.amount > 0 ? 'TOP UP' : 'REDEEM',
          reference: card.uuid,
          metadata: { giftcardId: card.id, ...cmd.metadata },
          field: 'amount_in_cents',
        },
        now,
      )
      return recordTransaction(tx, card, shop, posted, null, now)
    })

  /** Spends `amount` (positive) from the card with this hash: what a till or a kiosk does. */
  const redeem = async (ctx: CommandContext, cmd: { hash: string; amount: Minor; shop: ShopRef }): Promise<GiftcardTransactionView> => {
    if (cmd.amount <= 0) throw new DomainError('validation.invalid', { field: 'amount_in_cents', reason: 'must be positive' })
    return transact(ctx, { card: { hash: cmd.hash }, amount: minor(-cmd.amount), shop: cmd.shop })
  }

  /** Adds `amount` (positive) to the card with this hash. */
  const topUp = async (ctx: CommandContext, cmd: { hash: string; amount: Minor; shop: ShopRef }): Promise<GiftcardTransactionView> => {
    if (cmd.amount <= 0) throw new DomainError('validation.invalid', { field: 'amount_in_cents', reason: 'must be positive' })
    return transact(ctx, { card: { hash: cmd.hash }, amount: cmd.amount, shop: cmd.shop })
  }

  const transactionView = async (tx: Tx, transaction: GiftcardTransaction): Promise<GiftcardTransactionView> => {
    const card = await tx.giftcards.byId(transaction.accountId, transaction.giftcardId)
    if (!card) throw new Error(`giftcard ${transaction.giftcardId} is missing`)
    const shop = transaction.shopId === null ? null : await tx.shops.get(transaction.accountId, transaction.shopId)
    return { transaction, card, shop, balance: await balanceOf(tx, card) }
  }

  /** @throws giftcard_transaction.not_found */
  const requireTransaction = async (tx: Tx, accountId: number, uuid: string): Promise<GiftcardTransaction> => {
    const found = await tx.giftcards.transactionByUuid(accountId, uuid)
    if (!found) throw new DomainError('giftcard_transaction.not_found', { field: 'giftcard_transaction_uuid', reason: `no giftcard transaction ${uuid}` })
    return found
  }

  /** @throws giftcard_transaction.not_found */
  const getTransaction = (accountId: number, uuid: string): Promise<GiftcardTransactionView> =>
    uow.read(async (tx) => transactionView(tx, await requireTransaction(tx, accountId, uuid)))

  /**
   * Writes the opposite of a card's last transaction, as Leat does: only the
   * last transaction of a card can be reversed, so a reversal is reversed at
   * most once and never out of order.
   * @throws giftcard_transaction.not_found, giftcard_transaction.not_last, giftcard.inactive, giftcard.expired,
   *         giftcard.insufficient_balance, giftcard.max_amount_exceeded, idempotency.key_reused
   */
  const reverse = (ctx: CommandContext, uuid: string): Promise<GiftcardTransactionView> =>
    write(ctx, async (tx, now) => {
      const original = await requireTransaction(tx, ctx.accountId, uuid)
      const card = await tx.giftcards.byId(ctx.accountId, original.giftcardId)
      if (!card) throw new Error(`giftcard ${original.giftcardId} is missing`)
      const program = await programOf(tx, card)
      const unit = await ensureUnit(tx, ctx.accountId, GIFTCARD_UNIT, now)
      const wallet = await ledger.lockWallet(tx, ctx.accountId, card.holderId, unit.id, now)
      const last = await tx.giftcards.lastTransaction(ctx.accountId, card.id)
      if (last?.id !== original.id || original.reversesId !== null) {
        throw new DomainError('giftcard_transaction.not_last', {
          field: 'giftcard_transaction_uuid',
          reason: 'only the last transaction of a giftcard can be reversed',
        })
      }
      checkCard(card, program, wallet.balance, minor(-original.amount), now, 'giftcard_transaction_uuid', true)
      const posted = await ledger.reverseEntry(tx, ctx.accountId, original.entryId, 'giftcard_transaction_uuid', now)
      const shop = original.shopId === null ? null : await tx.shops.get(ctx.accountId, original.shopId)
      return recordTransaction(tx, card, shop, posted, original.id, now)
    })

  /**
   * Transactions filtered by card hash, program or shop (at least one).
   * @throws giftcard.not_found, giftcard_program.not_found, shop.not_found
   */
  const listTransactions = (accountId: number, filter: GiftcardTransactionFilterQuery, page: PageRequest): Promise<Page<GiftcardTransactionView>> =>
    uow.read(async (tx) => {
      const card = filter.hash === undefined ? null : await requireCard(tx, accountId, { hash: filter.hash })
      const program = filter.programUuid === undefined ? null : await requireProgram(tx, accountId, filter.programUuid)
      const shop = filter.shopUuid === undefined ? null : await requireShop(tx, accountId, { uuid: filter.shopUuid })
      const found = await tx.giftcards.listTransactions(accountId, { giftcardId: card?.id, programId: program?.id, shopId: shop?.id }, page)
      const items: GiftcardTransactionView[] = []
      for (const t of found.items) items.push(await transactionView(tx, t))
      return { ...found, items }
    })

  return { createProgram, listPrograms, create, get, list, transact, redeem, topUp, getTransaction, reverse, listTransactions }
}
