import { randomInt, randomUUID } from 'node:crypto'
import type { Shop } from '../contacts/contacts.js'
import type { ContactsTx } from '../contacts/contacts.store.js'
import type { Entry } from '../ledger/ledger.js'
import type { LedgerTx } from '../ledger/ledger.store.js'
import type { WalletLedger } from '../ledger/wallets.js'
import { type Minor, minor, ZERO } from '../shared/amounts.js'
import { type Clock, DAY_MS, type Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError, type Subject } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'
import type { IdempotencyTx } from '../shared/idempotency.js'
import type { Page, PageRequest } from '../shared/page.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import { writer } from '../shared/write.js'
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
import type { GiftcardsTx, NewGiftcardProgram } from './giftcards.store.js'
import { ensureUnit, moneyBalance } from './money-units.js'

/** What the giftcard use cases need of a transaction. */
export type GiftcardServiceTx = GiftcardsTx & ContactsTx & LedgerTx & EventsTx

export type CreateProgramCommand = Omit<NewGiftcardProgram, 'accountId' | 'now'>

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

/** A payment from, or a top-up of, the card with this hash: what a till or a kiosk does. */
export interface CardPaymentCommand {
  readonly hash: string
  /** Positive. */
  readonly amount: Minor
  readonly shop: ShopRef
}

export interface GiftcardTransactionFilterQuery {
  readonly hash?: string | undefined
  readonly programUuid?: string | undefined
  readonly shopUuid?: string | undefined
}

export interface GiftcardDeps {
  readonly uow: UnitOfWork<GiftcardServiceTx & IdempotencyTx>
  readonly clock: Clock
  readonly ledger: WalletLedger
}

/**
 * Giftcard programs, giftcards and their transactions. A card's money is a
 * ledger wallet owned by the card's holder row, in the GIFTCARD unit; every
 * transaction is one ledger entry, checked and written under the wallet's lock.
 */
export interface GiftcardService {
  /** @throws idempotency.key_reused */
  createProgram(ctx: CommandContext, cmd: CreateProgramCommand): Promise<GiftcardProgramView>
  listPrograms(accountId: number): Promise<GiftcardProgramView[]>
  /**
   * Issues a new, empty card in a program; it expires `expirationDays` after today when the program says so.
   * @throws giftcard.type_not_supported, giftcard_program.not_found, idempotency.key_reused
   */
  create(ctx: CommandContext, cmd: { type: GiftcardType; programUuid: string }): Promise<GiftcardView>
  /** @throws giftcard.not_found */
  get(accountId: number, ref: GiftcardReference): Promise<GiftcardView>
  /** {@link get}, in the caller's transaction. @throws giftcard.not_found */
  getWithin(tx: GiftcardServiceTx, accountId: number, ref: GiftcardReference): Promise<GiftcardView>
  /** @throws giftcard_program.not_found */
  list(accountId: number, programUuid: string | null, page: PageRequest): Promise<Page<GiftcardView>>
  /**
   * Tops a card up (positive amount) or spends from it (negative amount).
   * Never takes a card below zero, also under concurrent requests.
   * @throws validation.invalid, giftcard.not_found, shop.not_found, giftcard.inactive, giftcard.expired,
   *         giftcard.not_upgradeable, giftcard.max_amount_exceeded, giftcard.insufficient_balance, idempotency.key_reused
   */
  transact(ctx: CommandContext, cmd: GiftcardTransactionCommand): Promise<GiftcardTransactionView>
  /** Spends `amount` from the card with this hash. @throws as {@link transact} */
  redeem(ctx: CommandContext, cmd: CardPaymentCommand): Promise<GiftcardTransactionView>
  /** {@link redeem}, in the caller's transaction. @throws as {@link transact}, but idempotency.key_reused */
  redeemWithin(tx: GiftcardServiceTx, ctx: CommandContext, cmd: CardPaymentCommand, now: Instant): Promise<GiftcardTransactionView>
  /** Adds `amount` to the card with this hash. @throws as {@link transact} */
  topUp(ctx: CommandContext, cmd: CardPaymentCommand): Promise<GiftcardTransactionView>
  /** {@link topUp}, in the caller's transaction. @throws as {@link transact}, but idempotency.key_reused */
  topUpWithin(tx: GiftcardServiceTx, ctx: CommandContext, cmd: CardPaymentCommand, now: Instant): Promise<GiftcardTransactionView>
  /** @throws giftcard_transaction.not_found */
  getTransaction(accountId: number, uuid: string): Promise<GiftcardTransactionView>
  /**
   * Writes the opposite of a card's last transaction, as Leat does: only the
   * last transaction of a card can be reversed, so a reversal is reversed at
   * most once and never out of order.
   * @throws giftcard_transaction.not_found, giftcard_transaction.not_last, giftcard.inactive, giftcard.expired,
   *         giftcard.insufficient_balance, giftcard.max_amount_exceeded, idempotency.key_reused
   */
  reverse(ctx: CommandContext, uuid: string): Promise<GiftcardTransactionView>
  /**
   * Transactions filtered by card hash, program or shop.
   * @throws giftcard.not_found, giftcard_program.not_found, shop.not_found
   */
  listTransactions(accountId: number, filter: GiftcardTransactionFilterQuery, page: PageRequest): Promise<Page<GiftcardTransactionView>>
}

const HASH_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
const HASH_LENGTH = 12

/** Twelve characters from 32 symbols: 60 bits, so a hash cannot be guessed. */
const newHash = (): string => Array.from({ length: HASH_LENGTH }, () => HASH_ALPHABET[randomInt(HASH_ALPHABET.length)]).join('')

/** What an error about a card is about: the card, or the hash it was named by. */
const cardSubject = (ref: GiftcardReference): Subject => ('uuid' in ref ? 'giftcard' : 'hash')

/** @throws validation.invalid unless the amount is positive */
const positive = (amount: Minor): Minor => {
  if (amount <= 0) throw new DomainError('validation.invalid', { subject: 'amount', reason: 'must be positive' })
  return amount
}

const programOf = async (tx: GiftcardsTx, card: Giftcard): Promise<GiftcardProgram> => {
  const program = await tx.giftcards.programById(card.accountId, card.programId)
  if (!program) throw new Error(`giftcard program ${card.programId} is missing`)
  return program
}

const viewOf = async (tx: GiftcardServiceTx, card: Giftcard): Promise<GiftcardView> => ({
  card,
  program: await programOf(tx, card),
  balance: await moneyBalance(tx, card.accountId, card.holderId, GIFTCARD_UNIT),
})

/** @throws giftcard.not_found */
const requireCard = async (tx: GiftcardsTx, accountId: number, ref: GiftcardReference): Promise<Giftcard> => {
  const card = 'uuid' in ref ? await tx.giftcards.byUuid(accountId, ref.uuid) : await tx.giftcards.byHash(accountId, ref.hash)
  if (!card) throw new DomainError('giftcard.not_found', { subject: cardSubject(ref), reason: 'no such giftcard' })
  return card
}

/** @throws shop.not_found */
const requireShop = async (tx: ContactsTx, accountId: number, ref: ShopRef): Promise<Shop> => {
  const shop = 'uuid' in ref ? await tx.shops.findByUuid(accountId, ref.uuid) : await tx.shops.get(accountId, ref.id)
  if (!shop) throw new DomainError('shop.not_found', { subject: 'shop', reason: 'no such shop' })
  return shop
}

/** @throws giftcard_program.not_found */
const requireProgram = async (tx: GiftcardsTx, accountId: number, uuid: string): Promise<GiftcardProgram> => {
  const program = await tx.giftcards.programByUuid(accountId, uuid)
  if (!program) throw new DomainError('giftcard_program.not_found', { subject: 'giftcardProgram', reason: `no giftcard program ${uuid}` })
  return program
}

/** @throws giftcard_transaction.not_found */
const requireTransaction = async (tx: GiftcardsTx, accountId: number, uuid: string): Promise<GiftcardTransaction> => {
  const found = await tx.giftcards.transactionByUuid(accountId, uuid)
  if (!found) throw new DomainError('giftcard_transaction.not_found', { subject: 'giftcardTransaction', reason: `no giftcard transaction ${uuid}` })
  return found
}

/**
 * Checks a card can take `amount` now; runs under the card wallet's lock so
 * that the balance it reads is the one the entry is written against.
 * @throws giftcard.inactive, giftcard.expired, giftcard.not_upgradeable, giftcard.max_amount_exceeded, giftcard.insufficient_balance
 */
const checkCard = (card: Giftcard, program: GiftcardProgram, balance: Minor, amount: Minor, now: Instant, subject: Subject, isReversal: boolean) => {
  if (!card.active || !program.active) throw new DomainError('giftcard.inactive', { subject, reason: 'the giftcard is not active' })
  if (card.expiresAt !== null && card.expiresAt <= now) throw new DomainError('giftcard.expired', { subject, reason: 'the giftcard has expired' })
  if (amount > 0) {
    if (!card.upgradeable && !isReversal) throw new DomainError('giftcard.not_upgradeable', { subject: 'amount', reason: 'this giftcard cannot be topped up' })
    if (program.maxAmount !== null && balance + amount > program.maxAmount) {
      throw new DomainError('giftcard.max_amount_exceeded', { subject: 'amount', reason: `the card may hold at most ${program.maxAmount} cents` })
    }
  } else if (balance < -amount) {
    throw new DomainError('giftcard.insufficient_balance', { subject: 'amount', reason: `the card holds ${balance} cents` })
  }
}

const transactionView = async (tx: GiftcardServiceTx, transaction: GiftcardTransaction): Promise<GiftcardTransactionView> => {
  const card = await tx.giftcards.byId(transaction.accountId, transaction.giftcardId)
  if (!card) throw new Error(`giftcard ${transaction.giftcardId} is missing`)
  const shop = transaction.shopId === null ? null : await tx.shops.get(transaction.accountId, transaction.shopId)
  return { transaction, card, shop, balance: await moneyBalance(tx, card.accountId, card.holderId, GIFTCARD_UNIT) }
}

const recordTransaction = async (
  tx: GiftcardServiceTx,
  card: Giftcard,
  shop: Shop | null,
  posted: { entry: Entry; balance: Minor },
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

export const createGiftcardService = ({ uow, clock, ledger }: GiftcardDeps): GiftcardService => {
  const write = writer({ uow, clock })

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

  const create = (ctx: CommandContext, cmd: { type: GiftcardType; programUuid: string }): Promise<GiftcardView> =>
    write(ctx, async (tx, now) => {
      if (cmd.type !== 'DIGITAL') throw new DomainError('giftcard.type_not_supported', { subject: 'type', reason: 'only digital giftcards can be created' })
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
      return { card, program, balance: ZERO }
    })

  const getWithin = async (tx: GiftcardServiceTx, accountId: number, ref: GiftcardReference): Promise<GiftcardView> =>
    viewOf(tx, await requireCard(tx, accountId, ref))

  const list = (accountId: number, programUuid: string | null, page: PageRequest): Promise<Page<GiftcardView>> =>
    uow.read(async (tx) => {
      const program = programUuid === null ? null : await requireProgram(tx, accountId, programUuid)
      const cards = await tx.giftcards.list(accountId, program?.id ?? null, page)
      const items: GiftcardView[] = []
      for (const card of cards.items) items.push(await viewOf(tx, card))
      return { ...cards, items }
    })

  /** Every card transaction, in the caller's transaction: its rules are checked under the card wallet's lock. */
  const transactWithin = async (
    tx: GiftcardServiceTx,
    ctx: CommandContext,
    cmd: GiftcardTransactionCommand,
    now: Instant,
  ): Promise<GiftcardTransactionView> => {
    if (cmd.amount === 0) throw new DomainError('validation.invalid', { subject: 'amount', reason: 'must not be zero' })
    const card = await requireCard(tx, ctx.accountId, cmd.card)
    const shop = await requireShop(tx, ctx.accountId, cmd.shop)
    const program = await programOf(tx, card)
    const unit = await ensureUnit(tx, ctx.accountId, GIFTCARD_UNIT, now)
    const wallet = await ledger.lockWallet(tx, ctx.accountId, card.holderId, unit.id, now)
    checkCard(card, program, wallet.balance, cmd.amount, now, cardSubject(cmd.card), false)
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
        subject: 'amount',
      },
      now,
    )
    return recordTransaction(tx, card, shop, posted, null, now)
  }

  const redeemWithin = (tx: GiftcardServiceTx, ctx: CommandContext, cmd: CardPaymentCommand, now: Instant): Promise<GiftcardTransactionView> =>
    transactWithin(tx, ctx, { card: { hash: cmd.hash }, amount: minor(-positive(cmd.amount)), shop: cmd.shop }, now)

  const topUpWithin = (tx: GiftcardServiceTx, ctx: CommandContext, cmd: CardPaymentCommand, now: Instant): Promise<GiftcardTransactionView> =>
    transactWithin(tx, ctx, { card: { hash: cmd.hash }, amount: positive(cmd.amount), shop: cmd.shop }, now)

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
          subject: 'giftcardTransaction',
          reason: 'only the last transaction of a giftcard can be reversed',
        })
      }
      checkCard(card, program, wallet.balance, minor(-original.amount), now, 'giftcardTransaction', true)
      const posted = await ledger.reverseEntry(tx, ctx.accountId, original.entryId, 'giftcardTransaction', now)
      const shop = original.shopId === null ? null : await tx.shops.get(ctx.accountId, original.shopId)
      return recordTransaction(tx, card, shop, posted, original.id, now)
    })

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

  return {
    createProgram,
    listPrograms: (accountId) => uow.read((tx) => tx.giftcards.listPrograms(accountId)),
    create,
    get: (accountId, ref) => uow.read((tx) => getWithin(tx, accountId, ref)),
    getWithin,
    list,
    transact: (ctx, cmd) => write(ctx, (tx, now) => transactWithin(tx, ctx, cmd, now)),
    redeem: (ctx, cmd) => write(ctx, (tx, now) => redeemWithin(tx, ctx, cmd, now)),
    redeemWithin,
    topUp: (ctx, cmd) => write(ctx, (tx, now) => topUpWithin(tx, ctx, cmd, now)),
    topUpWithin,
    getTransaction: (accountId, uuid) => uow.read(async (tx) => transactionView(tx, await requireTransaction(tx, accountId, uuid))),
    reverse,
    listTransactions,
  }
}
