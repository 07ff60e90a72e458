import { randomUUID } from 'node:crypto'
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely'
import type { Promotion, Voucher, VoucherLock, VoucherRedemption, VoucherStatus } from '../../domain/vouchers/vouchers.js'
import type { VoucherStore } from '../../domain/vouchers/vouchers.store.js'
import type { DbKind } from '../db/database.js'
import type { Database } from '../db/schema.js'

const toPromotion = (r: Selectable<Database['promotions']>): Promotion => ({
  id: r.id,
  uuid: r.uuid,
  accountId: r.account_id,
  name: r.name,
  description: r.description,
  voucherLimit: r.voucher_limit,
  limitPerContact: r.limit_per_contact,
  expirationDuration: r.expiration_duration,
  createdAt: r.created_at,
})

const toVoucher = (r: Selectable<Database['vouchers']>): Voucher => ({
  id: r.id,
  uuid: r.uuid,
  accountId: r.account_id,
  promotionId: r.promotion_id,
  contactId: r.contact_id,
  code: r.code,
  active: r.active === 1,
  redemptionsAllowed: r.redemptions_allowed,
  redemptions: r.redemptions,
  activatesAt: r.activates_at,
  expiresAt: r.expires_at,
  redeemedAt: r.redeemed_at,
  attributes: JSON.parse(r.attributes) as Record<string, unknown>,
  createdAt: r.created_at,
})

const toLock = (r: Selectable<Database['voucher_locks']>): VoucherLock => ({
  id: r.id,
  voucherId: r.voucher_id,
  releaseKey: r.release_key,
  lockedAt: r.locked_at,
  systemReleaseAt: r.system_release_at,
  unlockedAt: r.unlocked_at,
})

const toRedemption = (r: Selectable<Database['voucher_redemptions']>): VoucherRedemption => ({
  id: r.id,
  uuid: r.uuid,
  voucherId: r.voucher_id,
  contactId: r.contact_id,
  shopId: r.shop_id,
  createdAt: r.created_at,
  reversedAt: r.reversed_at,
})

type VoucherRow = ExpressionBuilder<Database & { v: Database['vouchers'] }, 'v'>

/** The SQL twin of `statusOf`: the same order of precedence, evaluated at `now`. */
const statusCondition = (eb: VoucherRow, status: VoucherStatus, now: number) => {
  const redeemed = eb('v.redemptions', '>=', eb.ref('v.redemptions_allowed'))
  const deactivated = eb('v.active', '=', 0)
  const expired = eb.and([eb('v.expires_at', 'is not', null), eb('v.expires_at', '<=', now)])
  const inactive = eb.and([eb('v.activates_at', 'is not', null), eb('v.activates_at', '>', now)])
  const locked = eb.exists(
    eb
      .selectFrom('voucher_locks as l')
      .select('l.id')
      .whereRef('l.voucher_id', '=', 'v.id')
      .where('l.unlocked_at', 'is', null)
      .where('l.system_release_at', '>', now),
  )
  const chain = [
    ['REDEEMED', redeemed],
    ['DEACTIVATED', deactivated],
    ['EXPIRED', expired],
    ['INACTIVE', inactive],
    ['LOCKED', locked],
  ] as const
  const earlier = []
  for (const [name, condition] of chain) {
    if (name === status) return eb.and([...earlier.map((c) => eb.not(c)), condition])
    earlier.push(condition)
  }
  return eb.and(earlier.map((c) => eb.not(c)))
}

export const createVoucherStore = (db: Kysely<Database>, kind: DbKind): VoucherStore => {
  // Row locks exist only on PostgreSQL; on SQLite the write transaction already holds the database's write lock.
  const lockable = kind === 'postgres'

  return {
    async createPromotion(p) {
      const r = await db
        .insertInto('promotions')
        .values({
          uuid: randomUUID(),
          account_id: p.accountId,
          name: p.name,
          description: p.description,
          voucher_limit: p.voucherLimit,
          limit_per_contact: p.limitPerContact,
          expiration_duration: p.expirationDuration,
          created_at: p.createdAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      return toPromotion(r)
    },
    async listPromotions(accountId) {
      return (await db.selectFrom('promotions').selectAll().where('account_id', '=', accountId).orderBy('id').execute()).map(toPromotion)
    },
    async promotionByUuid(accountId, uuid) {
      const r = await db.selectFrom('promotions').selectAll().where('account_id', '=', accountId).where('uuid', '=', uuid).executeTakeFirst()
      return r ? toPromotion(r) : null
    },
    async promotionById(accountId, id) {
      const r = await db.selectFrom('promotions').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst()
      return r ? toPromotion(r) : null
    },
    async lockPromotion(accountId, id) {
      let q = db.selectFrom('promotions').select('id').where('account_id', '=', accountId).where('id', '=', id)
      if (lockable) q = q.forUpdate()
      await q.execute()
    },
    async countVouchers(accountId, promotionId, contactId) {
      let q = db
        .selectFrom('vouchers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .where('promotion_id', '=', promotionId)
      if (contactId !== undefined) q = q.where('contact_id', '=', contactId)
      return Number((await q.executeTakeFirstOrThrow()).n)
    },

    async create(v) {
      const r = await db
        .insertInto('vouchers')
        .values({
          uuid: randomUUID(),
          account_id: v.accountId,
          promotion_id: v.promotionId,
          contact_id: v.contactId,
          code: v.code,
          active: 1,
          redemptions_allowed: v.redemptionsAllowed,
          redemptions: 0,
          activates_at: v.activatesAt,
          expires_at: v.expiresAt,
          redeemed_at: null,
          attributes: JSON.stringify(v.attributes),
          created_at: v.now,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      return toVoucher(r)
    },
    async byCode(accountId, code) {
      const r = await db.selectFrom('vouchers').selectAll().where('account_id', '=', accountId).where('code', '=', code).executeTakeFirst()
      return r ? toVoucher(r) : null
    },
    async byUuid(accountId, uuid) {
      const r = await db.selectFrom('vouchers').selectAll().where('account_id', '=', accountId).where('uuid', '=', uuid).executeTakeFirst()
      return r ? toVoucher(r) : null
    },
    async lock(accountId, id) {
      let q = db.selectFrom('vouchers').selectAll().where('account_id', '=', accountId).where('id', '=', id)
      if (lockable) q = q.forUpdate()
      return toVoucher(await q.executeTakeFirstOrThrow())
    },
    async update(accountId, id, patch) {
      const r = await db
        .updateTable('vouchers')
        .set({
          ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
          ...(patch.attributes !== undefined ? { attributes: JSON.stringify(patch.attributes) } : {}),
          ...(patch.contactId !== undefined ? { contact_id: patch.contactId } : {}),
          ...(patch.redemptions !== undefined ? { redemptions: patch.redemptions } : {}),
          ...(patch.redeemedAt !== undefined ? { redeemed_at: patch.redeemedAt } : {}),
        })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow()
      return toVoucher(r)
    },
    async list(accountId, filter, now, { page, perPage }) {
      let base = db.selectFrom('vouchers as v').where('v.account_id', '=', accountId)
      if (filter.promotionId !== undefined) base = base.where('v.promotion_id', '=', filter.promotionId)
      if (filter.contactId !== undefined) base = base.where('v.contact_id', '=', filter.contactId)
      const status = filter.status
      if (status !== undefined) base = base.where((eb) => statusCondition(eb, status, now))
      const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()
      const rows = await base
        .selectAll('v')
        .orderBy('v.id')
        .limit(perPage)
        .offset((page - 1) * perPage)
        .execute()
      return { items: rows.map(toVoucher), page, perPage, total: Number(total) }
    },

    async lastLock(voucherId) {
      const r = await db.selectFrom('voucher_locks').selectAll().where('voucher_id', '=', voucherId).orderBy('id', 'desc').limit(1).executeTakeFirst()
      return r ? toLock(r) : null
    },
    async insertLock(l) {
      const r = await db
        .insertInto('voucher_locks')
        .values({
          account_id: l.accountId,
          voucher_id: l.voucherId,
          release_key: l.releaseKey,
          locked_at: l.lockedAt,
          system_release_at: l.systemReleaseAt,
          unlocked_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      return toLock(r)
    },
    async unlock(lockId, now) {
      const r = await db.updateTable('voucher_locks').set({ unlocked_at: now }).where('id', '=', lockId).returningAll().executeTakeFirstOrThrow()
      return toLock(r)
    },

    async insertRedemption(x) {
      const r = await db
        .insertInto('voucher_redemptions')
        .values({
          uuid: x.uuid,
          account_id: x.accountId,
          voucher_id: x.voucherId,
          contact_id: x.contactId,
          shop_id: x.shopId,
          created_at: x.createdAt,
          reversed_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      return toRedemption(r)
    },
    async openRedemptions(voucherId) {
      const rows = await db
        .selectFrom('voucher_redemptions')
        .selectAll()
        .where('voucher_id', '=', voucherId)
        .where('reversed_at', 'is', null)
        .orderBy('id', 'desc')
        .execute()
      return rows.map(toRedemption)
    },
    async reverseRedemption(redemptionId, now) {
      await db.updateTable('voucher_redemptions').set({ reversed_at: now }).where('id', '=', redemptionId).execute()
    },
  }
}
