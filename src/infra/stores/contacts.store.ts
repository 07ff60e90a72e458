import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import type { Contact, IdentifierKind, Shop, Unit } from '../../domain/contacts/contacts.js'
import type { ContactStore, ShopStore, UnitStore } from '../../domain/contacts/contacts.store.js'
import type { Channel } from '../../domain/shared/command.js'
import type { DbKind } from '../db/database.js'
import type { Database } from '../db/schema.js'
import { statement, statementsFor } from '../db/statement.js'

export const toContact = (r: Selectable<Database['contacts']>): Contact => ({
  id: r.id,
  uuid: r.uuid,
  accountId: r.account_id,
  name: r.name,
  data: JSON.parse(r.data) as Record<string, unknown>,
  channel: r.channel as Channel,
  registeredShopId: r.registered_shop_id,
  subscribedAt: r.subscribed_at,
  referredById: r.referred_by_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

export const toShop = (r: Selectable<Database['shops']>): Shop => ({ id: r.id, uuid: r.uuid, accountId: r.account_id, externalId: r.external_id, name: r.name })

const toUnit = (r: Selectable<Database['units']>): Unit => ({ id: r.id, name: r.name, sign: r.sign, lifetimeDays: r.lifetime_days })

export const byIdentifier = statementsFor((kind) =>
  statement<Selectable<Database['contacts']>>(
    kind,
    'select c.* from contact_identifiers i join contacts c on c.id = i.contact_id where i.account_id = ? and i.kind = ? and i.value = ?',
  ),
)

export const createContactStore = (db: Kysely<Database>, kind: DbKind): ContactStore => ({
  async get(accountId, id) {
    const r = await db.selectFrom('contacts').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst()
    return r ? toContact(r) : null
  },
  async findByIdentifier(accountId, identifierKind, value) {
    const [r] = await byIdentifier(kind).execute(db, [accountId, identifierKind, value])
    return r ? toContact(r) : null
  },
  async create(input) {
    const r = await db
      .insertInto('contacts')
      .values({
        uuid: randomUUID(),
        account_id: input.accountId,
        name: input.name,
        data: JSON.stringify(input.data),
        channel: input.channel,
        registered_shop_id: input.registeredShopId,
        subscribed_at: null,
        referred_by_id: input.referredById,
        created_at: input.now,
        updated_at: input.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    return toContact(r)
  },
  async update(accountId, id, patch, now) {
    const r = await db
      .updateTable('contacts')
      .set({
        updated_at: now,
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.data !== undefined ? { data: JSON.stringify(patch.data) } : {}),
        ...(patch.subscribedAt !== undefined ? { subscribed_at: patch.subscribedAt } : {}),
      })
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
    return toContact(r)
  },
  async addIdentifier({ accountId, contactId, kind, value, now }) {
    await db.insertInto('contact_identifiers').values({ account_id: accountId, contact_id: contactId, kind, value, created_at: now }).execute()
  },
  async identifierOf(accountId, contactId, kind) {
    const r = await db
      .selectFrom('contact_identifiers')
      .select('value')
      .where('account_id', '=', accountId)
      .where('contact_id', '=', contactId)
      .where('kind', '=', kind)
      .orderBy('id')
      .executeTakeFirst()
    return r?.value ?? null
  },
  async findByUuid(accountId, uuid) {
    const r = await db
      .selectFrom('contacts')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('uuid', '=', uuid)
      // A giftcard's holder row is not a person.
      .where('holder', 'is', null)
      .executeTakeFirst()
    return r ? toContact(r) : null
  },
  async list(accountId, page) {
    const rows = await db
      .selectFrom('contacts')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('holder', 'is', null)
      .orderBy('id')
      .limit(page.perPage)
      .offset((page.page - 1) * page.perPage)
      .execute()
    const count = await db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('account_id', '=', accountId)
      .where('holder', 'is', null)
      .executeTakeFirstOrThrow()
    return { items: rows.map(toContact), page: page.page, perPage: page.perPage, total: Number(count.n) }
  },
  async identifiersOf(accountId, contactId) {
    const rows = await db
      .selectFrom('contact_identifiers')
      .select(['kind', 'value'])
      .where('account_id', '=', accountId)
      .where('contact_id', '=', contactId)
      .orderBy('id')
      .execute()
    return rows.map((r) => ({ kind: r.kind as IdentifierKind, value: r.value }))
  },
  async removeIdentifier(accountId, kind, value) {
    const result = await db
      .deleteFrom('contact_identifiers')
      .where('account_id', '=', accountId)
      .where('kind', '=', kind)
      .where('value', '=', value)
      .executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  },
})

export const createShopStore = (db: Kysely<Database>): ShopStore => ({
  async get(accountId, id) {
    const r = await db.selectFrom('shops').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst()
    return r ? toShop(r) : null
  },
  async findByExternalId(accountId, externalId) {
    const r = await db.selectFrom('shops').selectAll().where('account_id', '=', accountId).where('external_id', '=', externalId).executeTakeFirst()
    return r ? toShop(r) : null
  },
  async create({ accountId, externalId, name, now }) {
    const r = await db
      .insertInto('shops')
      .values({ uuid: randomUUID(), account_id: accountId, external_id: externalId, name, created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow()
    return toShop(r)
  },
  async rename(accountId, id, name) {
    const r = await db.updateTable('shops').set({ name }).where('account_id', '=', accountId).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
    return toShop(r)
  },
  async findByUuid(accountId, uuid) {
    const r = await db.selectFrom('shops').selectAll().where('account_id', '=', accountId).where('uuid', '=', uuid).executeTakeFirst()
    return r ? toShop(r) : null
  },
  async list(accountId) {
    const rows = await db.selectFrom('shops').selectAll().where('account_id', '=', accountId).orderBy('id').execute()
    return rows.map(toShop)
  },
})

export const createUnitStore = (db: Kysely<Database>): UnitStore => ({
  async list(accountId) {
    const rows = await db.selectFrom('units').selectAll().where('account_id', '=', accountId).orderBy('id').execute()
    return rows.map(toUnit)
  },
  async create({ accountId, name, sign, lifetimeDays, now }) {
    const r = await db
      .insertInto('units')
      .values({ account_id: accountId, name, sign, lifetime_days: lifetimeDays, created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow()
    return toUnit(r)
  },
})
