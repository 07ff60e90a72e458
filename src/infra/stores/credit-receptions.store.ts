import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import {
  CREDIT,
  type CreditReception,
  type CreditReceptionStore,
  type ReceptionUnit,
  type ReceptionUnitStore,
} from '../../domain/credit-receptions/credit-receptions.js'
import { minor } from '../../domain/shared/amounts.js'
import type { Database } from '../db/schema.js'

const toReceptionUnit = (r: Selectable<Database['reception_units']>): ReceptionUnit => ({
  id: r.id,
  accountId: r.account_id,
  name: r.name,
  label: r.label,
  prefix: r.prefix,
  isDefault: r.is_default === 1,
  creditsPerUnit: r.credits_per_unit,
  createdAt: r.created_at,
})

const toReception = (r: Selectable<Database['credit_receptions']>): CreditReception => ({
  id: r.id,
  uuid: r.uuid,
  accountId: r.account_id,
  contactId: r.contact_id,
  shopId: r.shop_id,
  receptionUnitId: r.unit_id,
  quantity: r.unit_value,
  // The table keeps whole credits: a reception gives whole credits only.
  amount: minor(r.credits * CREDIT),
  entryId: r.entry_id,
  reversesId: r.reverses_id,
  posTransactionUuid: r.pos_transaction_uuid,
  identifierValue: r.contact_identifier_value,
  createdAt: r.created_at,
})

export const createReceptionUnitStore = (db: Kysely<Database>): ReceptionUnitStore => ({
  async list(accountId) {
    const rows = await db.selectFrom('reception_units').selectAll().where('account_id', '=', accountId).orderBy('id').execute()
    return rows.map(toReceptionUnit)
  },
  async create(input) {
    const r = await db
      .insertInto('reception_units')
      .values({
        account_id: input.accountId,
        name: input.name,
        label: input.label,
        prefix: input.prefix,
        is_default: input.isDefault ? 1 : 0,
        credits_per_unit: input.creditsPerUnit,
        created_at: input.createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    return toReceptionUnit(r)
  },
  async clearDefault(accountId) {
    await db.updateTable('reception_units').set({ is_default: 0 }).where('account_id', '=', accountId).where('is_default', '=', 1).execute()
  },
})

export const createCreditReceptionStore = (db: Kysely<Database>): CreditReceptionStore => ({
  async insert(input) {
    const r = await db
      .insertInto('credit_receptions')
      .values({
        uuid: randomUUID(),
        account_id: input.accountId,
        contact_id: input.contactId,
        shop_id: input.shopId,
        unit_id: input.receptionUnitId,
        unit_value: input.quantity,
        credits: input.amount / CREDIT,
        entry_id: input.entryId,
        reverses_id: input.reversesId,
        pos_transaction_uuid: input.posTransactionUuid,
        contact_identifier_value: input.identifierValue,
        created_at: input.createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    return toReception(r)
  },
  async findByUuid(accountId, uuid) {
    const r = await db.selectFrom('credit_receptions').selectAll().where('account_id', '=', accountId).where('uuid', '=', uuid).executeTakeFirst()
    return r ? toReception(r) : null
  },
  async findByPosTransaction(accountId, posTransactionUuid) {
    const r = await db
      .selectFrom('credit_receptions')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('pos_transaction_uuid', '=', posTransactionUuid)
      .executeTakeFirst()
    return r ? toReception(r) : null
  },
  async findReversalOf(accountId, id) {
    const r = await db.selectFrom('credit_receptions').selectAll().where('account_id', '=', accountId).where('reverses_id', '=', id).executeTakeFirst()
    return r ? toReception(r) : null
  },
  async list(accountId, filter, page) {
    let query = db.selectFrom('credit_receptions').where('account_id', '=', accountId)
    if (filter.contactId !== undefined) query = query.where('contact_id', '=', filter.contactId)
    if (filter.shopId !== undefined) query = query.where('shop_id', '=', filter.shopId)
    const rows = await query
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.perPage)
      .offset((page.page - 1) * page.perPage)
      .execute()
    const count = await query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()
    return { items: rows.map(toReception), page: page.page, perPage: page.perPage, total: Number(count.n) }
  },
})
