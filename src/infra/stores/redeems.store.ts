import type { Kysely, Selectable } from 'kysely'
import type { RedeemRequest, RedeemStatus } from '../../domain/redeems/redeems.js'
import type { RedeemStore } from '../../domain/redeems/redeems.store.js'
import { minor } from '../../domain/shared/amounts.js'
import type { DbKind } from '../db/database.js'
import type { Database } from '../db/schema.js'

const toRequest = (r: Selectable<Database['redeem_requests']>): RedeemRequest => ({
  id: r.id,
  accountId: r.account_id,
  contactId: r.contact_id,
  unitId: r.unit_id,
  shopId: r.shop_id,
  amount: minor(r.amount),
  seed: r.seed,
  status: r.status as RedeemStatus,
  attempts: r.attempts,
  expiresAt: r.expires_at,
  entryId: r.entry_id,
  createdAt: r.created_at,
})

export const createRedeemStore = (db: Kysely<Database>, kind: DbKind): RedeemStore => ({
  async create(input) {
    const r = await db
      .insertInto('redeem_requests')
      .values({
        account_id: input.accountId,
        contact_id: input.contactId,
        unit_id: input.unitId,
        shop_id: input.shopId,
        amount: input.amount,
        seed: input.seed,
        status: 'pending',
        attempts: 0,
        expires_at: input.expiresAt,
        entry_id: null,
        created_at: input.now,
        updated_at: input.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    return toRequest(r)
  },
  async lock(accountId, id) {
    const query = db.selectFrom('redeem_requests').selectAll().where('account_id', '=', accountId).where('id', '=', id)
    // SQLite's BEGIN IMMEDIATE already holds the one write lock.
    const r = await (kind === 'postgres' ? query.forUpdate() : query).executeTakeFirst()
    return r ? toRequest(r) : null
  },
  async recordAttempt(accountId, id, cancel, now) {
    await db
      .updateTable('redeem_requests')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), updated_at: now, ...(cancel ? { status: 'cancelled' } : {}) }))
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .execute()
  },
  async close(accountId, id, status, entryId, now) {
    const r = await db
      .updateTable('redeem_requests')
      .set({ status, entry_id: entryId, updated_at: now })
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
  },
})
