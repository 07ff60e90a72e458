import type { Kysely } from 'kysely'
import type { ActivityStore } from '../../domain/activity/activity.store.js'
import type { Database } from '../db/schema.js'
import { storedEventOf } from './events.store.js'
import { pageOfEntries } from './ledger.store.js'

export const createActivityStore = (db: Kysely<Database>): ActivityStore => ({
  async entries(accountId, filter, { page, perPage }) {
    let base = db.selectFrom('ledger_entries').where('account_id', '=', accountId)
    if (filter.shopId !== undefined) base = base.where('shop_id', '=', filter.shopId)
    if (filter.contactId !== undefined) base = base.where('contact_id', '=', filter.contactId)
    if (filter.from !== undefined) base = base.where('created_at', '>=', filter.from)
    if (filter.to !== undefined) base = base.where('created_at', '<', filter.to)
    return pageOfEntries(base, { page, perPage })
  },
  async lastEventId(accountId) {
    const r = await db
      .selectFrom('events')
      .select((eb) => eb.fn.max('id').as('max'))
      .where('account_id', '=', accountId)
      .executeTakeFirst()
    return Number(r?.max ?? 0)
  },
  async eventsOfShop(accountId, shopId, afterId, upToId, limit) {
    const rows = await db
      .selectFrom('events')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('shop_id', '=', shopId)
      .where('id', '>', afterId)
      .where('id', '<=', upToId)
      .orderBy('id')
      .limit(limit)
      .execute()
    return rows.map(storedEventOf)
  },
})
