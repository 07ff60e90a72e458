import { randomInt, randomUUID } from 'node:crypto'
import type { Contact } from '../contacts/contacts.js'
import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import type { IdempotencyTx } from '../shared/idempotency.js'
import type { Page, PageRequest } from '../shared/page.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import { writer } from '../shared/write.js'
import {
  checkUsable,
  emit,
  requireContact,
  requirePromotion,
  requireShop,
  requireVoucher,
  type VoucherServiceTx,
  viewOf,
  voucherSubject,
} from './voucher-rules.js'
import {
  currentLock,
  type Promotion,
  statusOf,
  type Voucher,
  type VoucherLockView,
  type VoucherRedemption,
  type VoucherStatus,
  type VoucherView,
} from './vouchers.js'

export type { VoucherServiceTx } from './voucher-rules.js'

export type CreatePromotionCommand = Omit<Promotion, 'id' | 'uuid' | 'accountId' | 'createdAt'>

/** A contact named by UUID (Leat) or by id (a portal session's contact). */
export type VoucherContactRef = { readonly uuid: string } | { readonly id: number }

/** A voucher named by its code (what its holder shows) or by its UUID. */
export type VoucherRef = { readonly code: string } | { readonly uuid: string }

export interface CreateVoucherCommand {
  readonly promotionUuid: string
  readonly code?: string | undefined
  readonly contact?: VoucherContactRef | undefined
  readonly activatesAt?: Instant | undefined
  readonly expiresAt?: Instant | undefined
  readonly redemptionsAllowed?: number | undefined
  readonly attributes?: Record<string, unknown> | undefined
}

/** Vouchers made at once, with generated codes. */
export type CreateVoucherBatchCommand = Omit<CreateVoucherCommand, 'code' | 'redemptionsAllowed'> & { readonly quantity: number }

export interface VoucherListFilter {
  readonly promotionUuid?: string | undefined
  readonly contact?: VoucherContactRef | undefined
  readonly status?: VoucherStatus | undefined
}

export interface RedeemVoucherCommand {
  /** The voucher's code, or its UUID when a kiosk shows the contact's own vouchers. */
  readonly voucher: VoucherRef
  readonly contact?: VoucherContactRef | undefined
  readonly releaseKey?: string | undefined
  readonly shop?: { readonly uuid: string } | { readonly id: number } | undefined
  /** How many redemptions to take at once (multi-redeem); 1 by default. */
  readonly times?: number | undefined
}

export interface RedeemResult {
  readonly voucher: VoucherView
  readonly redemptions: readonly VoucherRedemption[]
}

export interface VoucherDeps {
  readonly uow: UnitOfWork<VoucherServiceTx & IdempotencyTx>
  readonly clock: Clock
}

/**
 * Promotions and their vouchers. Every change of a voucher re-reads it under
 * a row lock and checks it there, so a voucher is never redeemed more often
 * than it allows, also when requests arrive at once (the database's check
 * constraint on the redemption count backs this up).
 */
export interface VoucherService {
  /** @throws idempotency.key_reused */
  createPromotion(ctx: CommandContext, cmd: CreatePromotionCommand): Promise<Promotion>
  listPromotions(accountId: number): Promise<Promotion[]>
  /** @throws promotion.not_found */
  getPromotion(accountId: number, uuid: string): Promise<Promotion>
  /**
   * Creates a voucher with the given code or a generated one; activation and
   * expiry follow the promotion unless given.
   * @throws validation.invalid, promotion.not_found, contact.not_found, voucher.exists, voucher.limit_reached, idempotency.key_reused
   */
  create(ctx: CommandContext, cmd: CreateVoucherCommand): Promise<VoucherView>
  /**
   * Creates `quantity` vouchers with generated codes in one transaction: all of them or none.
   * @throws promotion.not_found, contact.not_found, voucher.limit_reached, idempotency.key_reused
   */
  createBatch(ctx: CommandContext, cmd: CreateVoucherBatchCommand): Promise<{ uuid: string; quantity: number; createdAt: Instant }>
  /** @throws voucher.not_found */
  find(accountId: number, ref: VoucherRef): Promise<VoucherView>
  /** @throws promotion.not_found, contact.not_found */
  list(accountId: number, filter: VoucherListFilter, page: PageRequest): Promise<Page<VoucherView>>
  /** A contact's vouchers that can be redeemed now: what a kiosk offers. @throws contact.not_found */
  redeemableOf(accountId: number, contact: VoucherContactRef): Promise<VoucherView[]>
  /** {@link redeemableOf}, in the caller's transaction. @throws contact.not_found */
  redeemableWithin(tx: VoucherServiceTx, accountId: number, contact: VoucherContactRef, now: Instant): Promise<VoucherView[]>
  /** Activates or deactivates a voucher, and merges attributes into its own. @throws voucher.not_found, idempotency.key_reused */
  update(ctx: CommandContext, uuid: string, patch: { active: boolean; attributes?: Record<string, unknown> | undefined }): Promise<VoucherView>
  /**
   * Holds a voucher for an hour, or until released or redeemed with the
   * release key this returns.
   * @throws voucher.not_found, voucher.redeemed, voucher.deactivated, voucher.expired, voucher.locked, idempotency.key_reused
   */
  lock(ctx: CommandContext, uuid: string): Promise<VoucherLockView>
  /**
   * Gives a locked voucher back; releasing a lock twice answers the same.
   * @throws voucher.not_found, voucher.redeemed, voucher.expired, validation.invalid (a release key of another lock), idempotency.key_reused
   */
  release(ctx: CommandContext, uuid: string, releaseKey: string): Promise<VoucherLockView>
  /**
   * Redeems a voucher once (or `times` times), for the contact it belongs to
   * or, when it belongs to nobody yet, for the contact named. A locked voucher
   * needs its release key, and redeeming it ends the lock.
   * @throws voucher.not_found, voucher.redeemed, voucher.deactivated, voucher.expired, voucher.inactive, voucher.locked,
   *         voucher.not_enough_redemptions, voucher.limit_reached, contact.not_found, shop.not_found, validation.invalid,
   *         idempotency.key_reused
   */
  redeem(ctx: CommandContext, cmd: RedeemVoucherCommand): Promise<RedeemResult>
  /** {@link redeem}, in the caller's transaction. @throws as {@link redeem}, but idempotency.key_reused */
  redeemWithin(tx: VoucherServiceTx, ctx: CommandContext, cmd: RedeemVoucherCommand, now: Instant): Promise<RedeemResult>
  /**
   * Takes back the last redemption of a voucher, which can then be redeemed again.
   * @throws voucher.not_found, validation.invalid (nothing to reverse), idempotency.key_reused
   */
  reverseRedemption(ctx: CommandContext, uuid: string): Promise<VoucherView>
}

const LOCK_MS = 3_600_000
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** Ten characters from 32 symbols: 50 bits, so a code cannot be guessed. */
const newCode = (): string => Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('')

/** Creates one voucher under the promotion's lock, so its limits hold under concurrent creation. @throws voucher.limit_reached, voucher.exists */
const createOne = async (
  tx: VoucherServiceTx,
  accountId: number,
  promotion: Promotion,
  contact: Contact | null,
  cmd: Omit<CreateVoucherCommand, 'promotionUuid' | 'contact'>,
  now: Instant,
): Promise<Voucher> => {
  if (promotion.voucherLimit !== null && (await tx.vouchers.countVouchers(accountId, promotion.id)) >= promotion.voucherLimit) {
    throw new DomainError('voucher.limit_reached', { subject: 'promotion', reason: `the promotion holds at most ${promotion.voucherLimit} vouchers` })
  }
  if (contact && promotion.limitPerContact !== null && (await tx.vouchers.countVouchers(accountId, promotion.id, contact.id)) >= promotion.limitPerContact) {
    throw new DomainError('voucher.limit_reached', {
      subject: 'contact',
      reason: `a contact may hold at most ${promotion.limitPerContact} vouchers of this promotion`,
    })
  }
  const code = cmd.code ?? newCode()
  if (await tx.vouchers.byCode(accountId, code)) throw new DomainError('voucher.exists', { subject: 'code', reason: `a voucher with code ${code} exists` })
  const voucher = await tx.vouchers.create({
    accountId,
    promotionId: promotion.id,
    contactId: contact?.id ?? null,
    code,
    redemptionsAllowed: cmd.redemptionsAllowed ?? 1,
    activatesAt: cmd.activatesAt ?? now,
    expiresAt: cmd.expiresAt ?? (promotion.expirationDuration === null ? null : now + promotion.expirationDuration * 1000),
    attributes: cmd.attributes ?? {},
    now,
  })
  await emit(tx, 'voucher.created', voucher, now, { promotionUuid: promotion.uuid, contactUuid: contact?.uuid ?? null })
  return voucher
}

/**
 * A voucher that becomes a contact's on redemption counts against the
 * promotion's limit per contact, checked under the promotion's lock.
 * @throws voucher.limit_reached
 */
const checkContactLimit = async (tx: VoucherServiceTx, voucher: Voucher, contactId: number) => {
  const promotion = await tx.vouchers.promotionById(voucher.accountId, voucher.promotionId)
  if (!promotion || promotion.limitPerContact === null) return
  await tx.vouchers.lockPromotion(voucher.accountId, promotion.id)
  if ((await tx.vouchers.countVouchers(voucher.accountId, promotion.id, contactId)) >= promotion.limitPerContact) {
    throw new DomainError('voucher.limit_reached', {
      subject: 'contact',
      reason: `a contact may hold at most ${promotion.limitPerContact} vouchers of this promotion`,
    })
  }
}

const list = async (tx: VoucherServiceTx, accountId: number, filter: VoucherListFilter, page: PageRequest, now: Instant): Promise<Page<VoucherView>> => {
  const promotion = filter.promotionUuid === undefined ? null : await requirePromotion(tx, accountId, filter.promotionUuid)
  const contact = filter.contact === undefined ? null : await requireContact(tx, accountId, filter.contact)
  const found = await tx.vouchers.list(accountId, { promotionId: promotion?.id, contactId: contact?.id, status: filter.status }, now, page)
  const items: VoucherView[] = []
  for (const v of found.items) items.push(await viewOf(tx, v, now))
  return { ...found, items }
}

const redeemableWithin = async (tx: VoucherServiceTx, accountId: number, contact: VoucherContactRef, now: Instant): Promise<VoucherView[]> =>
  (await list(tx, accountId, { contact, status: 'ACTIVE' }, { page: 1, perPage: 500 }, now)).items.slice()

const redeemWithin = async (tx: VoucherServiceTx, ctx: CommandContext, cmd: RedeemVoucherCommand, now: Instant): Promise<RedeemResult> => {
  const subject = voucherSubject(cmd.voucher)
  const times = cmd.times ?? 1
  const found = await requireVoucher(tx, ctx.accountId, cmd.voucher)
  const shop = cmd.shop ? await requireShop(tx, ctx.accountId, cmd.shop) : null
  const named = cmd.contact ? await requireContact(tx, ctx.accountId, cmd.contact) : null
  const voucher = await tx.vouchers.lock(ctx.accountId, found.id)
  checkUsable(voucher, now, subject)
  if (voucher.activatesAt !== null && voucher.activatesAt > now) throw new DomainError('voucher.inactive', { subject, reason: 'the voucher is not active yet' })
  if (voucher.redemptions + times > voucher.redemptionsAllowed) {
    throw new DomainError('voucher.not_enough_redemptions', {
      subject: 'redemptions',
      reason: `${voucher.redemptionsAllowed - voucher.redemptions} redemptions are left`,
    })
  }
  const held = currentLock(await tx.vouchers.lastLock(voucher.id), now)
  if (held && held.releaseKey !== cmd.releaseKey) throw new DomainError('voucher.locked', { subject: 'releaseKey', reason: 'the voucher is locked' })
  if (voucher.contactId !== null && named && named.id !== voucher.contactId) {
    throw new DomainError('validation.invalid', { subject: 'contact', reason: 'the voucher belongs to another contact' })
  }
  const contactId = voucher.contactId ?? named?.id
  if (contactId === undefined)
    throw new DomainError('validation.invalid', { subject: 'contact', reason: 'is required for a voucher that belongs to no contact' })
  if (voucher.contactId === null) await checkContactLimit(tx, voucher, contactId)
  if (held) await tx.vouchers.unlock(held.id, now)
  const redemptions: VoucherRedemption[] = []
  for (let i = 0; i < times; i++) {
    redemptions.push(
      await tx.vouchers.insertRedemption({
        uuid: randomUUID(),
        accountId: ctx.accountId,
        voucherId: voucher.id,
        contactId,
        shopId: shop?.id ?? null,
        createdAt: now,
      }),
    )
  }
  const updated = await tx.vouchers.update(ctx.accountId, voucher.id, { contactId, redemptions: voucher.redemptions + times, redeemedAt: now })
  await emit(tx, 'voucher.redeemed', updated, now, { times, contactId }, shop?.id ?? null)
  return { voucher: await viewOf(tx, updated, now), redemptions }
}

export const createVoucherService = ({ uow, clock }: VoucherDeps): VoucherService => {
  const write = writer({ uow, clock })

  const createPromotion = (ctx: CommandContext, cmd: CreatePromotionCommand): Promise<Promotion> =>
    write(ctx, async (tx, now) => {
      const promotion = await tx.vouchers.createPromotion({ accountId: ctx.accountId, ...cmd, createdAt: now })
      await tx.events.append({
        type: 'promotion.created',
        accountId: ctx.accountId,
        payload: { promotionId: promotion.id, uuid: promotion.uuid },
        occurredAt: now,
      })
      return promotion
    })

  const create = (ctx: CommandContext, cmd: CreateVoucherCommand): Promise<VoucherView> =>
    write(ctx, async (tx, now) => {
      if (cmd.activatesAt !== undefined && cmd.expiresAt !== undefined && cmd.expiresAt <= cmd.activatesAt) {
        throw new DomainError('validation.invalid', { subject: 'expiry', reason: 'must be after the activation date' })
      }
      const promotion = await requirePromotion(tx, ctx.accountId, cmd.promotionUuid)
      const contact = cmd.contact ? await requireContact(tx, ctx.accountId, cmd.contact) : null
      await tx.vouchers.lockPromotion(ctx.accountId, promotion.id)
      return viewOf(tx, await createOne(tx, ctx.accountId, promotion, contact, cmd, now), now)
    })

  const createBatch = (ctx: CommandContext, cmd: CreateVoucherBatchCommand): Promise<{ uuid: string; quantity: number; createdAt: Instant }> =>
    write(ctx, async (tx, now) => {
      const promotion = await requirePromotion(tx, ctx.accountId, cmd.promotionUuid)
      const contact = cmd.contact ? await requireContact(tx, ctx.accountId, cmd.contact) : null
      await tx.vouchers.lockPromotion(ctx.accountId, promotion.id)
      for (let i = 0; i < cmd.quantity; i++) await createOne(tx, ctx.accountId, promotion, contact, cmd, now)
      return { uuid: randomUUID(), quantity: cmd.quantity, createdAt: now }
    })

  const update = (ctx: CommandContext, uuid: string, patch: { active: boolean; attributes?: Record<string, unknown> | undefined }): Promise<VoucherView> =>
    write(ctx, async (tx, now) => {
      const found = await requireVoucher(tx, ctx.accountId, { uuid })
      const locked = await tx.vouchers.lock(ctx.accountId, found.id)
      const voucher = await tx.vouchers.update(ctx.accountId, locked.id, {
        active: patch.active,
        ...(patch.attributes ? { attributes: { ...locked.attributes, ...patch.attributes } } : {}),
      })
      await emit(tx, 'voucher.updated', voucher, now, { active: voucher.active })
      return viewOf(tx, voucher, now)
    })

  const lock = (ctx: CommandContext, uuid: string): Promise<VoucherLockView> =>
    write(ctx, async (tx, now) => {
      const found = await requireVoucher(tx, ctx.accountId, { uuid })
      const voucher = await tx.vouchers.lock(ctx.accountId, found.id)
      checkUsable(voucher, now, 'voucher')
      if (currentLock(await tx.vouchers.lastLock(voucher.id), now))
        throw new DomainError('voucher.locked', { subject: 'voucher', reason: 'the voucher is locked' })
      const held = await tx.vouchers.insertLock({
        accountId: ctx.accountId,
        voucherId: voucher.id,
        releaseKey: randomUUID(),
        lockedAt: now,
        systemReleaseAt: now + LOCK_MS,
      })
      await emit(tx, 'voucher.locked', voucher, now)
      return { voucher, status: statusOf(voucher, held, now), lock: held }
    })

  const release = (ctx: CommandContext, uuid: string, releaseKey: string): Promise<VoucherLockView> =>
    write(ctx, async (tx, now) => {
      const found = await requireVoucher(tx, ctx.accountId, { uuid })
      const voucher = await tx.vouchers.lock(ctx.accountId, found.id)
      if (voucher.redemptions >= voucher.redemptionsAllowed)
        throw new DomainError('voucher.redeemed', { subject: 'voucher', reason: 'the voucher has been redeemed' })
      if (voucher.expiresAt !== null && voucher.expiresAt <= now)
        throw new DomainError('voucher.expired', { subject: 'voucher', reason: 'the voucher has expired' })
      const last = await tx.vouchers.lastLock(voucher.id)
      if (!last || last.releaseKey !== releaseKey)
        throw new DomainError('validation.invalid', { subject: 'releaseKey', reason: 'is not the key of the voucher lock' })
      const released = last.unlockedAt === null ? await tx.vouchers.unlock(last.id, now) : last
      if (last.unlockedAt === null) await emit(tx, 'voucher.released', voucher, now)
      return { voucher, status: statusOf(voucher, released, now), lock: released }
    })

  const reverseRedemption = (ctx: CommandContext, uuid: string): Promise<VoucherView> =>
    write(ctx, async (tx, now) => {
      const found = await requireVoucher(tx, ctx.accountId, { uuid })
      const voucher = await tx.vouchers.lock(ctx.accountId, found.id)
      const [last, previous] = await tx.vouchers.openRedemptions(voucher.id)
      if (!last) throw new DomainError('validation.invalid', { subject: 'redemptions', reason: 'the voucher has no redemption to reverse' })
      await tx.vouchers.reverseRedemption(last.id, now)
      const updated = await tx.vouchers.update(ctx.accountId, voucher.id, { redemptions: voucher.redemptions - 1, redeemedAt: previous?.createdAt ?? null })
      await emit(tx, 'voucher.redemption_reversed', updated, now, { redemptionUuid: last.uuid })
      return viewOf(tx, updated, now)
    })

  return {
    createPromotion,
    listPromotions: (accountId) => uow.read((tx) => tx.vouchers.listPromotions(accountId)),
    getPromotion: (accountId, uuid) => uow.read((tx) => requirePromotion(tx, accountId, uuid)),
    create,
    createBatch,
    find: (accountId, ref) => uow.read(async (tx) => viewOf(tx, await requireVoucher(tx, accountId, ref), clock.now())),
    list: (accountId, filter, page) => uow.read((tx) => list(tx, accountId, filter, page, clock.now())),
    redeemableOf: (accountId, contact) => uow.read((tx) => redeemableWithin(tx, accountId, contact, clock.now())),
    redeemableWithin,
    update,
    lock,
    release,
    redeem: (ctx, cmd) => write(ctx, (tx, now) => redeemWithin(tx, ctx, cmd, now)),
    redeemWithin,
    reverseRedemption,
  }
}
