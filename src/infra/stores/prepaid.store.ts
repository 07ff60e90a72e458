import type { Kysely, Selectable } from 'kysely'
import type { PrepaidTransaction } from '../../domain/prepaid/prepaid.js'
import type { PrepaidStore } from '../../domain/prepaid/prepaid.store.js'
import { minor } from '../../domain/shared/amounts.js'
import type { Database } from '../db/schema.js'

const toTransaction = (r: Selectable<Database['prepaid_transactions']>): PrepaidTransaction => ({
  id: r.id,
  uuid: r.uuid,
  accountId: r.account_id,
  contactId: r.contact_id,
  entryId: r.entry_id,
  shopId: r.shop_id,
  amount: minor(r.amount),
  balanceAfter: minor(r.balance_after),
  identifierKind: r.identifier_kind,
  identifierValue: r.identifier_value,
  reversesId: r.reverses_id,
  createdAt: r.created_at,
})

export const createPrepaidStore = (db: Kysely<Database>): PrepaidStore => ({
  async insert(t) {
    const r = await db
      .insertInto('prepaid_transactions')
      .values({
        uuid: t.uuid,
        account_id: t.accountId,
        contact_id: t.contactId,
        entry_id: t.entryId,
        shop_id: t.shopId,
        amount: t.amount,
        balance_after: t.balanceAfter,
        identifier_kind: t.identifierKind,
        identifier_value: t.identifierValue,
        reverses_id: t.reversesId,
        created_at: t.createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    return toTransaction(r)
  },
  async byUuid(accountId, uuid) {
    const r = await db.selectFrom('prepaid_transactions').selectAll().where('account_id', '=', accountId).where('uuid', '=', uuid).executeTakeFirst()
    return r ? toTransaction(r) : null
  },
  async list(accountId, filter, { page, perPage }) {
    let base = db.selectFrom('prepaid_transactions').where('account_id', '=', accountId)
    if (filter.contactId !== undefined) base = base.where('contact_id', '=', filter.contactId)
    if (filter.shopId !== undefined) base = base.where('shop_id', '=', filter.shopId)
    const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()
    const rows = await base
      .selectAll()
      .orderBy('id')
      .limit(perPage)
      .offset((page - 1) * perPage)
      .execute()
    return { items: rows.map(toTransaction), page, perPage, total: Number(total) }
  },
})
