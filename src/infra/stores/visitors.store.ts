import { randomUUID } from 'node:crypto'
import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely'
import type { Listed } from '../../domain/shared/list.js'
import type { AccountType, Gender, Visitor, VisitorFilter } from '../../domain/visitors/visitors.js'
import { emailKey, plateKey } from '../../domain/visitors/visitors.js'
import type { VisitorStore } from '../../domain/visitors/visitors.store.js'
import type { DbKind } from '../db/database.js'
import type { Database } from '../db/schema.js'
import { statement, statementsFor } from '../db/statement.js'

type Row = Selectable<Database['visitors']>
type Column = keyof Row & string

const toVisitor = (r: Row): Visitor => ({
  id: r.id,
  accountId: r.account_id,
  contactId: r.contact_id,
  visitorId: r.visitor_id,
  accountType: r.account_type as AccountType,
  email: r.email,
  firstName: r.first_name,
  lastName: r.last_name,
  gender: r.gender as Gender | null,
  phone: r.phone,
  mobileLocale: r.mobile_locale,
  timezone: r.timezone,
  countryCode: r.country_code,
  acquisitionPcCode: r.acquisition_pc_code,
  upgradePcCode: r.upgrade_pc_code,
  originType: r.origin_type,
  origin: r.origin,
  barcode: r.barcode,
  addressStreet: r.address_street,
  addressCity: r.address_city,
  addressState: r.address_state,
  addressZipCode: r.address_zip_code,
  billingAddress: r.billing_address,
  billingAddress2: r.billing_address2,
  billingZipCode: r.billing_zip_code,
  billingCity: r.billing_city,
  billingCountryCode: r.billing_country_code,
  emailVerified: Number(r.email_verified) === 1,
  emailInvalid: Number(r.email_invalid) === 1,
  phoneVerified: Number(r.phone_verified) === 1,
  phoneInvalid: Number(r.phone_invalid) === 1,
  birthDay: r.birth_day,
  birthMonth: r.birth_month,
  birthYear: r.birth_year,
  lastVisitDate: r.last_visit_date,
  registrationDate: r.registration_date,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

/** Field name (domain or wire) to column. */
const columnOf = (field: string): Column => {
  if (field === 'creationDate' || field === 'createdAt') return 'created_at'
  if (field === 'updateDate' || field === 'updatedAt') return 'updated_at'
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) as Column
}

const toRow = (values: Partial<Visitor>): Partial<Record<Column, unknown>> => {
  const row: Partial<Record<Column, unknown>> = {}
  for (const [field, value] of Object.entries(values)) {
    if (value === undefined || field === 'id') continue
    row[columnOf(field)] = typeof value === 'boolean' ? (value ? 1 : 0) : value
  }
  return row
}

const likePattern = (text: string): string => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** Tables that keep a contact's money, not facts about the person: kept when a visitor is erased. */
const LEDGER_TABLES = new Set(['wallets', 'ledger_entries', 'lots', 'lot_consumptions', 'order_lines', 'contacts', 'contact_identifiers', 'visitors'])

/** How many rows an account's visitor count is split into on PostgreSQL (see migration 0009). */
const COUNT_SLOTS = 16

/**
 * The kept visitor count: a writer adds to the slot of its connection (the
 * one row of slot 0 on SQLite, which has one writer), the total is the sum.
 */
export const visitorCountStatements = statementsFor((kind) => ({
  add: statement(
    kind,
    `insert into visitor_counts (account_id, slot, visitors) values (?, ${kind === 'postgres' ? `pg_backend_pid() % ${COUNT_SLOTS}` : '0'}, ?)
      on conflict (account_id, slot) do update set visitors = visitor_counts.visitors + excluded.visitors`,
  ),
  total: statement<{ n: number | string | null }>(kind, 'select sum(visitors) as n from visitor_counts where account_id = ?'),
}))

/** Whether a list filter lets every visitor of the account through, so the kept count is its total. */
const letsAllThrough = (filter: VisitorFilter): boolean =>
  Object.entries(filter).every(([key, value]) => value === undefined || key === 'queryBy' || (key === 'query' && value === ''))

export const createVisitorStore = (db: Kysely<Database>, kind: DbKind): VisitorStore => {
  const counts = visitorCountStatements(kind)
  const addToCount = (accountId: number, change: number) => counts.add.execute(db, [accountId, change])

  const filtered = (accountId: number, filter: VisitorFilter) => {
    let q = db.selectFrom('visitors').where('visitors.account_id', '=', accountId)
    if (filter.visitorIds) q = q.where('visitor_id', 'in', filter.visitorIds.length ? [...filter.visitorIds] : [''])
    if (filter.countryCode !== undefined) q = q.where('country_code', '=', filter.countryCode)
    if (filter.barcode !== undefined) q = q.where('barcode', '=', filter.barcode)
    if (filter.email !== undefined) q = q.where(sql`lower(email)`, '=', emailKey(filter.email))
    if (filter.acquisitionPcCode !== undefined) q = q.where('acquisition_pc_code', '=', filter.acquisitionPcCode)
    if (filter.accountType !== undefined) q = q.where('account_type', '=', filter.accountType)
    if (filter.originType !== undefined) q = q.where('origin_type', '=', filter.originType)
    if (filter.createdSince !== undefined) q = q.where('visitors.created_at', '>=', filter.createdSince)
    if (filter.createdBefore !== undefined) q = q.where('visitors.created_at', '<', filter.createdBefore)
    if (filter.updatedSince !== undefined) q = q.where('visitors.updated_at', '>=', filter.updatedSince)
    if (filter.registeredSince !== undefined) q = q.where('registration_date', '>=', filter.registeredSince)
    if (filter.registeredUntil !== undefined) q = q.where('registration_date', '<=', filter.registeredUntil)
    if (filter.isSmartparker !== undefined) {
      const smartparker = sql<boolean>`exists (select 1 from visitor_centers vc where vc.account_id = visitors.account_id and vc.contact_id = visitors.contact_id and vc.is_smartparker = 1)`
      q = q.where(filter.isSmartparker ? smartparker : sql<boolean>`not ${smartparker}`)
    }
    if (filter.query !== undefined && filter.query !== '') {
      const text = filter.query
      const like = likePattern(text)
      const contains = (column: string) => sql<boolean>`lower(${sql.ref(column)}) like ${like} escape '\\'`
      const full = sql<boolean>`lower(first_name || ' ' || coalesce(last_name, '')) like ${like} escape '\\'`
      switch (filter.queryBy) {
        case 'email':
          q = q.where(contains('email'))
          break
        case 'firstName':
          q = q.where(contains('first_name'))
          break
        case 'lastName':
          q = q.where(contains('last_name'))
          break
        case 'fullname':
          q = q.where(full)
          break
        case 'externalId':
          q = q.where(
            sql<boolean>`exists (select 1 from visitor_external_ids x where x.account_id = visitors.account_id and x.contact_id = visitors.contact_id and x.external_id = ${text})`,
          )
          break
        case 'licensePlate':
          q = q.where(
            // A plate is the visitor's while one of their vehicles that is not deleted carries it.
            sql<boolean>`exists (select 1 from visitor_vehicles x where x.account_id = visitors.account_id and x.contact_id = visitors.contact_id
              and x.plate_key = ${plateKey(text)} and x.deleted_at is null)`,
          )
          break
        default:
          q = q.where((eb) => eb.or([contains('email'), contains('first_name'), contains('last_name'), full]))
      }
    }
    return q
  }

  return {
    async insert(values) {
      const r = await db
        .insertInto('visitors')
        .values(toRow(values) as Insertable<Database['visitors']>)
        .returningAll()
        .executeTakeFirstOrThrow()
      await addToCount(r.account_id, 1)
      return toVisitor(r)
    },
    async byVisitorId(accountId, visitorId) {
      const r = await db.selectFrom('visitors').selectAll().where('account_id', '=', accountId).where('visitor_id', '=', visitorId).executeTakeFirst()
      return r ? toVisitor(r) : null
    },
    async byContactId(accountId, contactId) {
      const r = await db.selectFrom('visitors').selectAll().where('account_id', '=', accountId).where('contact_id', '=', contactId).executeTakeFirst()
      return r ? toVisitor(r) : null
    },
    async byVisitorIds(accountId, visitorIds) {
      if (visitorIds.length === 0) return []
      const rows = await db
        .selectFrom('visitors')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('visitor_id', 'in', [...visitorIds])
        .orderBy('id')
        .execute()
      return rows.map(toVisitor)
    },
    async update(accountId, id, patch) {
      const r = await db
        .updateTable('visitors')
        .set(toRow(patch) as Updateable<Database['visitors']>)
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow()
      return toVisitor(r)
    },
    async list(accountId, filter, query): Promise<Listed<Visitor>> {
      let q = filtered(accountId, filter).selectAll('visitors')
      for (const key of query.sort) q = q.orderBy(sql.ref(`visitors.${columnOf(key.field)}`), key.descending ? 'desc' : 'asc')
      const rows = await q.orderBy('visitors.id').limit(query.limit).offset(query.offset).execute()
      return { items: rows.map(toVisitor), total: await this.count(accountId, filter) }
    },
    async count(accountId, filter) {
      if (letsAllThrough(filter)) {
        const [kept] = await counts.total.execute(db, [accountId])
        return Number(kept?.n ?? 0)
      }
      const r = await filtered(accountId, filter)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirst()
      return Number(r?.n ?? 0)
    },
    async contactsByExternalId(accountId, externalType, externalId, pcCode) {
      const { rows } = await sql<{ contact_id: number }>`select distinct contact_id from visitor_external_ids
        where account_id = ${accountId} and external_type = ${externalType} and external_id = ${externalId}
        ${pcCode === null ? sql`` : sql`and pc_code = ${pcCode}`} order by contact_id`.execute(db)
      return rows.map((r) => Number(r.contact_id))
    },
    async identifierOwner(accountId, kind, value) {
      const r = await db
        .selectFrom('contact_identifiers')
        .select('contact_id')
        .where('account_id', '=', accountId)
        .where('kind', '=', kind)
        .where('value', '=', value)
        .executeTakeFirst()
      return r?.contact_id ?? null
    },
    async replaceIdentifier({ accountId, contactId, kind: idKind, old, value, now }) {
      if (old !== null) {
        await db
          .deleteFrom('contact_identifiers')
          .where('account_id', '=', accountId)
          .where('contact_id', '=', contactId)
          .where('kind', '=', idKind)
          .where('value', '=', old)
          .execute()
      }
      if (value !== null) {
        await db.insertInto('contact_identifiers').values({ account_id: accountId, contact_id: contactId, kind: idKind, value, created_at: now }).execute()
      }
    },
    async erase(accountId, contactId, visitorId, now) {
      const tables =
        kind === 'postgres'
          ? (
              await sql<{ name: string }>`select table_name as name from information_schema.columns
                where table_schema = current_schema() and column_name = 'contact_id'`.execute(db)
            ).rows
          : (
              await sql<{ name: string }>`select m.name as name from sqlite_master m, pragma_table_info(m.name) p
                where m.type = 'table' and p.name = 'contact_id'`.execute(db)
            ).rows
      // Records of one module may point at another's (a partner at a vehicle):
      // delete in rounds until every table is empty of this contact, each
      // attempt in a savepoint so a refused delete leaves the transaction usable.
      let pending = tables.map((t) => t.name).filter((name) => !LEDGER_TABLES.has(name))
      while (pending.length > 0) {
        const refused: string[] = []
        for (const name of pending) {
          await sql`savepoint erase_visitor`.execute(db)
          try {
            await sql`delete from ${sql.table(name)} where account_id = ${accountId} and contact_id = ${contactId}`.execute(db)
            await sql`release savepoint erase_visitor`.execute(db)
          } catch (error) {
            await sql`rollback to savepoint erase_visitor`.execute(db)
            await sql`release savepoint erase_visitor`.execute(db)
            refused.push(name)
            if (refused.length === pending.length) throw error
          }
        }
        pending = refused
      }
      const [erased] = await db.deleteFrom('visitors').where('account_id', '=', accountId).where('contact_id', '=', contactId).execute()
      if (erased && erased.numDeletedRows > 0n) await addToCount(accountId, -Number(erased.numDeletedRows))
      await db.deleteFrom('contact_identifiers').where('account_id', '=', accountId).where('contact_id', '=', contactId).execute()
      // The contact stays for its ledger under a new uuid, so the old visitor id leads nowhere.
      await db
        .updateTable('contacts')
        .set({ uuid: randomUUID(), name: null, data: '{}', updated_at: now })
        .where('account_id', '=', accountId)
        .where('id', '=', contactId)
        .execute()
      // Answers kept for idempotent retries may quote the visitor; events name it by its old id.
      await db.deleteFrom('idempotency_keys').where('account_id', '=', accountId).where('result', 'like', `%${visitorId}%`).execute()
      await db
        .updateTable('events')
        .set({ payload: sql<string>`replace(payload, ${visitorId}, 'erased')` })
        .where('account_id', '=', accountId)
        .where('payload', 'like', `%${visitorId}%`)
        .execute()
    },
  }
}
