import { randomInt, randomUUID } from 'node:crypto'
import type { Contact, Shop } from '../contacts/contacts.js'
import type { LegacyUnitOfWork, Tx } from '../legacy-tx.js'
import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import { idempotent } from '../shared/idempotency.js'
import type { Page, PageRequest } from '../shared/page.js'
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

export interface CreatePromotionCommand {
  readonly name: string
  readonly description: string
  readonly voucherLimit: number | null
  readonly limitPerContact: number | null
  readonly expirationDuration: number | null
}

/** A contact named by UUID (Leat) or by id (a portal session's contact). */
export type VoucherContactRef = { readonly uuid: string } | { readonly id: number }

export interface CreateVoucherCommand {
  readonly promotionUuid: string
  readonly code?: string | undefined
  readonly contact?: VoucherContactRef | undefined
  readonly activatesAt?: Instant | undefined
  readonly expiresAt?: Instant | undefined
  readonly redemptionsAllowed?: number | undefined
  readonly attributes?: Record<string, unknown> | undefined
}

export interface RedeemVoucherCommand {
  /** The voucher's code, or its UUID when a kiosk shows the contact's own vouchers. */
  readonly voucher: { readonly code: string } | { readonly uuid: string }
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

const LOCK_MS = 3_600_000
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** Ten characters from 32 symbols: 50 bits, so a code cannot be guessed. */
const newCode = (): string => Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('')

export type VoucherService = ReturnType<typeof createVoucherService>

/**
 * Promotions and their vouchers. Every change of a voucher re-reads it under
 * a row lock and checks it there, so a voucher is never redeemed more often
 * than it allows, also when requests arrive at once (the database's check
 * constraint on the redemption count backs this up).
 */
export const createVoucherService = ({ uow, clock }: { uow: LegacyUnitOfWork; clock: Clock }) => {
  const write = <T>(ctx: CommandContext, work: (tx: Tx, now: Instant) => Promise<T>): Promise<T> =>
    uow.run((tx) => {
      const now = clock.now()
      return idempotent(tx, ctx, now, () => work(tx, now))
    })

  /** @throws promotion.not_found */
  const requirePromotion = async (tx: Tx, accountId: number, uuid: string): Promise<Promotion> => {
    const found = await tx.vouchers.promotionByUuid(accountId, uuid)
    if (!found) throw new DomainError('promotion.not_found', { field: 'promotion_uuid', reason: `no promotion ${uuid}` })
    return found
  }

  /** @throws contact.not_found */
  const requireContact = async (tx: Tx, accountId: number, ref: VoucherContactRef): Promise<Contact> => {
    const found = 'uuid' in ref ? await tx.contacts.findByUuid(accountId, ref.uuid) : await tx.contacts.get(accountId, ref.id)
    if (!found) throw new DomainError('contact.not_found', { field: 'contact_uuid', reason: 'no such contact' })
    return found
  }

  /** @throws shop.not_found */
  const requireShop = async (tx: Tx, accountId: number, ref: { uuid: string } | { id: number }): Promise<Shop> => {
    const shop = 'uuid' in ref ? await tx.shops.findByUuid(accountId, ref.uuid) : await tx.shops.get(accountId, ref.id)
    if (!shop) throw new DomainError('shop.not_found', { field: 'shop_uuid', reason: 'no such shop' })
    return shop
  }

  /** @throws voucher.not_found */
  const requireVoucher = async (tx: Tx, accountId: number, ref: { code: string } | { uuid: string }): Promise<Voucher> => {
    const found = 'code' in ref ? await tx.vouchers.byCode(accountId, ref.code) : await tx.vouchers.byUuid(accountId, ref.uuid)
    if (!found) throw new DomainError('voucher.not_found', { field: 'code' in ref ? 'code' : 'voucher_uuid', reason: 'no such voucher' })
    return found
  }

  const viewOf = async (tx: Tx, voucher: Voucher, now: Instant): Promise<VoucherView> => {
    const promotion = await tx.vouchers.promotionById(voucher.accountId, voucher.promotionId)
    if (!promotion) throw new Error(`promotion ${voucher.promotionId} is missing`)
    const contact = voucher.contactId === null ? null : await tx.contacts.get(voucher.accountId, voucher.contactId)
    const email = contact ? await tx.contacts.identifierOf(voucher.accountId, contact.id, 'email') : null
    const status = statusOf(voucher, await tx.vouchers.lastLock(voucher.id), now)
    return { voucher, status, promotion, contact: contact ? { contact, email } : null }
  }

  const emit = (tx: Tx, type: string, voucher: Voucher, now: Instant, extra: Record<string, unknown> = {}, shopId: number | null = null) =>
    tx.events.append({
      type,
      accountId: voucher.accountId,
      shopId,
      payload: { voucherId: voucher.id, uuid: voucher.uuid, code: voucher.code, ...extra },
      occurredAt: now,
    })

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

  const listPromotions = (accountId: number): Promise<Promotion[]> => uow.read((tx) => tx.vouchers.listPromotions(accountId))

  /** @throws promotion.not_found */
  const getPromotion = (accountId: number, uuid: string): Promise<Promotion> => uow.read((tx) => requirePromotion(tx, accountId, uuid))

  /** Creates one voucher under the promotion's lock, so its limits hold under concurrent creation. */
  const createOne = async (
    tx: Tx,
    accountId: number,
    promotion: Promotion,
    contact: Contact | null,
    cmd: CreateVoucherCommand,
    now: Instant,
  ): Promise<Voucher> => {
    if (promotion.voucherLimit !== null && (await tx.vouchers.countVouchers(accountId, promotion.id)) >= promotion.voucherLimit) {
      throw new DomainError('voucher.limit_reached', { field: 'promotion_uuid', reason: `the promotion holds at most ${promotion.voucherLimit} vouchers` })
    }
    if (contact && promotion.limitPerContact !== null && (await tx.vouchers.countVouchers(accountId, promotion.id, contact.id)) >= promotion.limitPerContact) {
      throw new DomainError('voucher.limit_reached', {
        field: 'contact_uuid',
        reason: `a contact may hold at most ${promotion.limitPerContact} vouchers of this promotion`,
      })
    }
    const code = cmd.code ?? newCode()
    if (await tx.vouchers.byCode(accountId, code)) throw new DomainError('voucher.exists', { field: 'code', reason: `a voucher with code ${code} exists` })
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
   * Creates a voucher with the given code or a generated one; activation and
   * expiry follow the promotion unless given.
   * @throws promotion.not_found, contact.not_found, voucher.exists, voucher.limit_reached, validation.invalid
   */
  const create = (ctx: CommandContext, cmd: CreateVoucherCommand): Promise<VoucherView> =>
    write(ctx, async (tx, now) => {
      if (cmd.activatesAt !== undefined && cmd.expiresAt !== undefined && cmd.expiresAt <= cmd.activatesAt) {
        throw new DomainError('validation.invalid', { field: 'expiration_date', reason: 'must be after the activation date' })
      }
      const promotion = await requirePromotion(tx, ctx.accountId, cmd.promotionUuid)
      const contact = cmd.contact ? await requireContact(tx, ctx.accountId, cmd.contact) : null
      await tx.vouchers.lockPromotion(ctx.accountId, promotion.id)
      return viewOf(tx, await createOne(tx, ctx.accountId, promotion, contact, cmd, now), now)
    })

  /**
   * Creates `quantity` vouchers with generated codes in one transaction: all of them or none.
   * @throws promotion.not_found, contact.not_found, voucher.limit_reached
   */
  const createBatch = (
    ctx: CommandContext,
    cmd: Omit<CreateVoucherCommand, 'code' | 'redemptionsAllowed'> & { quantity: number },
  ): Promise<{ uuid: string; quantity: number; createdAt: Instant }> =>
    write(ctx, async (tx, now) => {
      const promotion = await requirePromotion(tx, ctx.accountId, cmd.promotionUuid)
      const contact = cmd.contact ? await requireContact(tx, ctx.accountId, cmd.contact) : null
      await tx.vouchers.lockPromotion(ctx.accountId, promotion.id)
      for (let i = 0; i < cmd.quantity; i++) await createOne(tx, ctx.accountId, promotion, contact, cmd, now)
      return { uuid: randomUUID(), quantity: cmd.quantity, createdAt: now }
    })

  /** @throws voucher.not_found */
  const find = (accountId: number, ref: { code: string } | { uuid: string }): Promise<VoucherView> =>
    uow.read(async (tx) => viewOf(tx, await requireVoucher(tx, accountId, ref), clock.now()))

  /** @throws promotion.not_found, contact.not_found */
  const list = (
    accountId: number,
    filter: { promotionUuid?: string | undefined; contact?: VoucherContactRef | undefined; status?: VoucherStatus | undefined },
    page: PageRequest,
  ): Promise<Page<VoucherView>> =>
    uow.read(async (tx) => {
      const now = clock.now()
      const promotion = filter.promotionUuid === undefined ? null : await requirePromotion(tx, accountId, filter.promotionUuid)
      const contact = filter.contact === undefined ? null : await requireContact(tx, accountId, filter.contact)
      const found = await tx.vouchers.list(accountId, { promotionId: promotion?.id, contactId: contact?.id, status: filter.status }, now, page)
      const items: VoucherView[] = []
      for (const v of found.items) items.push(await viewOf(tx, v, now))
      return { ...found, items }
    })

  /** A contact's vouchers that can be redeemed now: what a kiosk offers. @throws contact.not_found */
  const redeemableOf = async (accountId: number, contact: VoucherContactRef): Promise<VoucherView[]> =>
    (await list(accountId, { contact, status: 'ACTIVE' }, { page: 1, perPage: 500 })).items.slice()

  /** Activates or deactivates a voucher. @throws voucher.not_found */
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

  /** @throws voucher.redeemed, voucher.deactivated, voucher.expired */
  const checkUsable = (voucher: Voucher, now: Instant, field: string) => {
    if (voucher.redemptions >= voucher.redemptionsAllowed) throw new DomainError('voucher.redeemed', { field, reason: 'the voucher has been redeemed' })
    if (!voucher.active) throw new DomainError('voucher.deactivated', { field, reason: 'the voucher is deactivated' })
    if (voucher.expiresAt !== null && voucher.expiresAt <= now) throw new DomainError('voucher.expired', { field, reason: 'the voucher has expired' })
  }

  /**
   * Holds a voucher for an hour, or until released or redeemed with the
   * release key this returns.
   * @throws voucher.not_found, voucher.redeemed, voucher.deactivated, voucher.expired, voucher.locked
   */
  const lock = (ctx: CommandContext, uuid: string): Promise<VoucherLockView> =>
    write(ctx, async (tx, now) => {
      const found = await requireVoucher(tx, ctx.accountId, { uuid })
      const voucher = await tx.vouchers.lock(ctx.accountId, found.id)
      checkUsable(voucher, now, 'voucher_uuid')
      if (currentLock(await tx.vouchers.lastLock(voucher.id), now))
        throw new DomainError('voucher.locked', { field: 'voucher_uuid', reason: 'the voucher is locked' })
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

  /**
   * Gives a locked voucher back; releasing a lock twice answers the same.
   * @throws voucher.not_found, voucher.redeemed, voucher.expired, validation.invalid (a release key of another lock)
   */
  const release = (ctx: CommandContext, uuid: string, releaseKey: string): Promise<VoucherLockView> =>
    write(ctx, async (tx, now) => {
      const found = await requireVoucher(tx, ctx.accountId, { uuid })
      const voucher = await tx.vouchers.lock(ctx.accountId, found.id)
      if (voucher.redemptions >= voucher.redemptionsAllowed)
        throw new DomainError('voucher.redeemed', { field: 'voucher_uuid', reason: 'the voucher has been redeemed' })
      if (voucher.expiresAt !== null && voucher.expiresAt <= now)
        throw new DomainError('voucher.expired', { field: 'voucher_uuid', reason: 'the voucher has expired' })
      const last = await tx.vouchers.lastLock(voucher.id)
      if (!last || last.releaseKey !== releaseKey)
        throw new DomainError('validation.invalid', { field: 'release_key', reason: 'is not the key of the voucher lock' })
      const released = last.unlockedAt === null ? await tx.vouchers.unlock(last.id, now) : last
      if (last.unlockedAt === null) await emit(tx, 'voucher.released', voucher, now)
      return { voucher, status: statusOf(voucher, released, now), lock: released }
    })

  /**
   * A voucher that becomes a contact's on redemption counts against the
   * promotion's limit per contact, checked under the promotion's lock.
   * @throws voucher.limit_reached
   */
  const checkContactLimit = async (tx: Tx, voucher: Voucher, contactId: number) => {
    const promotion = await tx.vouchers.promotionById(voucher.accountId, voucher.promotionId)
    if (!promotion || promotion.limitPerContact === null) return
    await tx.vouchers.lockPromotion(voucher.accountId, promotion.id)
    if ((await tx.vouchers.countVouchers(voucher.accountId, promotion.id, contactId)) >= promotion.limitPerContact) {
      throw new DomainError('voucher.limit_reached', {
        field: 'contact_uuid',
        reason: `a contact may hold at most ${promotion.limitPerContact} vouchers of this promotion`,
      })
    }
  }

  /**
   * Redeems a voucher once (or `times` times), for the contact it belongs to
   * or, when it belongs to nobody yet, for the contact named. A locked voucher
   * needs its release key, and redeeming it ends the lock.
   * @throws voucher.not_found, voucher.redeemed, voucher.deactivated, voucher.expired, voucher.inactive,
   *         voucher.locked, voucher.not_enough_redemptions, contact.not_found, shop.not_found, validation.invalid
   */
  const redeem = (ctx: CommandContext, cmd: RedeemVoucherCommand): Promise<RedeemResult> =>
    write(ctx, async (tx, now) => {
      const field = 'code' in cmd.voucher ? 'code' : 'voucher_uuid'
      const times = cmd.times ?? 1
      const found = await requireVoucher(tx, ctx.accountId, cmd.voucher)
      const shop = cmd.shop ? await requireShop(tx, ctx.accountId, cmd.shop) : null
      const named = cmd.contact ? await requireContact(tx, ctx.accountId, cmd.contact) : null
      const voucher = await tx.vouchers.lock(ctx.accountId, found.id)
      checkUsable(voucher, now, field)
      if (voucher.activatesAt !== null && voucher.activatesAt > now)
        throw new DomainError('voucher.inactive', { field, reason: 'the voucher is not active yet' })
      if (voucher.redemptions + times > voucher.redemptionsAllowed) {
        throw new DomainError('voucher.not_enough_redemptions', {
          field: 'number_of_times',
          reason: `${voucher.redemptionsAllowed - voucher.redemptions} redemptions are left`,
        })
      }
      const held = currentLock(await tx.vouchers.lastLock(voucher.id), now)
      if (held && held.releaseKey !== cmd.releaseKey) throw new DomainError('voucher.locked', { field: 'release_key', reason: 'the voucher is locked' })
      if (voucher.contactId !== null && named && named.id !== voucher.contactId) {
        throw new DomainError('validation.invalid', { field: 'contact_uuid', reason: 'the voucher belongs to another contact' })
      }
      const contactId = voucher.contactId ?? named?.id
      if (contactId === undefined)
        throw new DomainError('validation.invalid', { field: 'contact_uuid', reason: 'is required for a voucher that belongs to no contact' })
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
    })

  /**
   * Takes back the last redemption of a voucher, which can then be redeemed again.
   * @throws voucher.not_found, validation.invalid (nothing to reverse)
   */
  const reverseRedemption = (ctx: CommandContext, uuid: string): Promise<VoucherView> =>
    write(ctx, async (tx, now) => {
      const found = await requireVoucher(tx, ctx.accountId, { uuid })
      const voucher = await tx.vouchers.lock(ctx.accountId, found.id)
      const [last, previous] = await tx.vouchers.openRedemptions(voucher.id)
      if (!last) throw new DomainError('validation.invalid', { field: 'uuid', reason: 'the voucher has no redemption to reverse' })
      await tx.vouchers.reverseRedemption(last.id, now)
      const updated = await tx.vouchers.update(ctx.accountId, voucher.id, { redemptions: voucher.redemptions - 1, redeemedAt: previous?.createdAt ?? null })
      await emit(tx, 'voucher.redemption_reversed', updated, now, { redemptionUuid: last.uuid })
      return viewOf(tx, updated, now)
    })

  return { createPromotion, listPromotions, getPromotion, create, createBatch, find, list, redeemableOf, update, lock, release, redeem, reverseRedemption }
}
