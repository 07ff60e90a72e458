import type { Kysely, Selectable } from 'kysely'
import type { IdentifierKind } from '../../domain/contacts/contacts.js'
import type { IdentifierDetail, IdentifierDetailStore } from '../../domain/contacts/identifiers.js'
import type { Database } from '../db/schema.js'

const toDetail = (r: Selectable<Database['identifier_details']>): IdentifierDetail => ({
  id: r.id,
  accountId: r.account_id,
  kind: r.kind as IdentifierKind,
  value: r.value,
  name: r.name,
  active: r.active === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

export const createIdentifierDetailStore = (db: Kysely<Database>): IdentifierDetailStore => ({
  async find(accountId, kind, value) {
    const r = await db
      .selectFrom('identifier_details')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('kind', '=', kind)
      .where('value', '=', value)
      .executeTakeFirst()
    return r ? toDetail(r) : null
  },
  async insert({ accountId, kind, value, name, active, now }) {
    const r = await db
      .insertInto('identifier_details')
      .values({ account_id: accountId, kind, value, name, active: active ? 1 : 0, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow()
    return toDetail(r)
  },
  async update(accountId, id, patch, now) {
    const r = await db
      .updateTable('identifier_details')
      .set({
        updated_at: now,
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
      })
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
    return toDetail(r)
  },
  async delete(accountId, id) {
    await db.deleteFrom('identifier_details').where('account_id', '=', accountId).where('id', '=', id).execute()
  },
})
