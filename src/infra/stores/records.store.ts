import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { AccountRecord, Condition, NewRecord, RecordStore, Where } from '../../domain/records/records.js'
import type { Listed, ListQuery, SortKey } from '../../domain/shared/list.js'
import type { Database } from '../db/schema.js'

/** How a field is kept: integers (times, minor units), text, 0/1 booleans, or JSON text. */
export type ColumnKind = 'int' | 'text' | 'bool' | 'json'

export interface RecordTable<T extends AccountRecord> {
  readonly table: string
  /** Every field but the id; the column is the field's snake_case name. */
  readonly fields: { readonly [K in keyof Omit<T, 'id'>]-?: ColumnKind }
  /** The fields a list may be sorted by, under the names the dialect shows them. */
  readonly sortable?: Readonly<Record<string, keyof T & string>>
}

const column = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

const toColumn = (kind: ColumnKind, value: unknown): unknown => {
  if (value === null || value === undefined) return null
  if (kind === 'bool') return value ? 1 : 0
  if (kind === 'json') return JSON.stringify(value)
  return value
}

const fromColumn = (kind: ColumnKind, value: unknown): unknown => {
  if (value === null || value === undefined) return null
  if (kind === 'bool') return value === true || Number(value) === 1
  if (kind === 'json') return JSON.parse(String(value)) as unknown
  if (kind === 'int') return Number(value)
  return value
}

/**
 * One table of typed records behind the `RecordStore` port. Queries are
 * built from the table's field list, always filtered by account.
 */
export const createRecordStore = <T extends AccountRecord>(db: Kysely<Database>, spec: RecordTable<T>): RecordStore<T> => {
  const kinds = new Map<string, ColumnKind>(Object.entries(spec.fields) as [string, ColumnKind][])
  kinds.set('id', 'int')
  const table = sql.table(spec.table)
  const kindOf = (field: string): ColumnKind => {
    const kind = kinds.get(field)
    if (!kind) throw new Error(`${spec.table} has no field ${field}`)
    return kind
  }

  const toRecord = (row: Record<string, unknown>): T => {
    const out: Record<string, unknown> = {}
    for (const [field, kind] of kinds) out[field] = fromColumn(kind, row[column(field)])
    return out as T
  }

  const condition = (field: string, c: Condition): RawBuilder<unknown> => {
    const ref = sql.ref(column(field))
    const kind = kindOf(field)
    switch (c.op) {
      case 'null':
        return sql`${ref} is null`
      case 'notNull':
        return sql`${ref} is not null`
      case 'in':
        return c.values.length === 0 ? sql`1 = 0` : sql`${ref} in (${sql.join(c.values.map((v) => toColumn(kind, v)))})`
      case 'eq':
        return sql`${ref} = ${toColumn(kind, c.value)}`
      case 'ne':
        return sql`${ref} <> ${toColumn(kind, c.value)}`
      case 'gte':
        return sql`${ref} >= ${toColumn(kind, c.value)}`
      case 'lte':
        return sql`${ref} <= ${toColumn(kind, c.value)}`
      case 'gt':
        return sql`${ref} > ${toColumn(kind, c.value)}`
      case 'lt':
        return sql`${ref} < ${toColumn(kind, c.value)}`
    }
  }

  const whereSql = (accountId: number, where: Where<T>): RawBuilder<unknown> => {
    const parts: RawBuilder<unknown>[] = [sql`account_id = ${accountId}`]
    for (const [field, c] of where.all ?? []) parts.push(condition(field, c))
    for (const group of where.anyOf ?? []) {
      if (group.length > 0)
        parts.push(
          sql`(${sql.join(
            group.map(([field, c]) => condition(field, c)),
            sql` or `,
          )})`,
        )
    }
    return sql.join(parts, sql` and `)
  }

  const orderSql = (sort: readonly SortKey[]): RawBuilder<unknown> => {
    const keys = sort.map((s) => {
      const field = spec.sortable?.[s.field] ?? s.field
      kindOf(field)
      return s.descending ? sql`${sql.ref(column(field))} desc` : sql`${sql.ref(column(field))} asc`
    })
    return sql.join([...keys, sql`id asc`], sql`, `)
  }

  const setSql = (patch: Record<string, unknown>): RawBuilder<unknown>[] =>
    Object.entries(patch)
      .filter(([, v]) => v !== undefined)
      .map(([field, v]) => sql`${sql.ref(column(field))} = ${toColumn(kindOf(field), v)}`)

  const select = async (accountId: number, where: Where<T>, sort: readonly SortKey[], limit?: number, offset?: number): Promise<T[]> => {
    const window = limit === undefined ? sql`` : sql` limit ${limit} offset ${offset ?? 0}`
    const { rows } = await sql<Record<string, unknown>>`select * from ${table} where ${whereSql(accountId, where)} order by ${orderSql(sort)}${window}`.execute(
      db,
    )
    return rows.map(toRecord)
  }

  return {
    async insert(values: NewRecord<T>) {
      const entries = Object.entries(values as Record<string, unknown>).filter(([, v]) => v !== undefined)
      const { rows } = await sql<Record<string, unknown>>`insert into ${table} (${sql.join(entries.map(([f]) => sql.ref(column(f))))})
        values (${sql.join(entries.map(([f, v]) => toColumn(kindOf(f), v)))}) returning *`.execute(db)
      const row = rows[0]
      if (!row) throw new Error(`insert into ${spec.table} returned nothing`)
      return toRecord(row)
    },
    async get(accountId, id) {
      const [found] = await select(accountId, { all: [['id' as keyof T & string, { op: 'eq', value: id }]] }, [])
      return found ?? null
    },
    find: (accountId, where, sort = []) => select(accountId, where, sort),
    async list(accountId, where, query: ListQuery): Promise<Listed<T>> {
      const items = await select(accountId, where, query.sort, query.limit, query.offset)
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${table} where ${whereSql(accountId, where)}`.execute(db)
      return { items, total: Number(rows[0]?.n ?? 0) }
    },
    async update(accountId, id, patch, where = {}) {
      const sets = setSql(patch as Record<string, unknown>)
      const condition = sql`${whereSql(accountId, where)} and id = ${id}`
      if (sets.length === 0) {
        const { rows } = await sql<Record<string, unknown>>`select * from ${table} where ${condition}`.execute(db)
        return rows[0] ? toRecord(rows[0]) : null
      }
      const { rows } = await sql<Record<string, unknown>>`update ${table} set ${sql.join(sets)} where ${condition} returning *`.execute(db)
      return rows[0] ? toRecord(rows[0]) : null
    },
    async increment(accountId, id, amounts, patch) {
      const adds = Object.entries(amounts as Record<string, number | undefined>).map(([field, amount]) => {
        kindOf(field)
        const ref = sql.ref(column(field))
        return sql`${ref} = ${ref} + ${amount ?? 0}`
      })
      const sets = [...adds, ...setSql(patch as Record<string, unknown>)]
      const { rows } = await sql<
        Record<string, unknown>
      >`update ${table} set ${sql.join(sets)} where account_id = ${accountId} and id = ${id} returning *`.execute(db)
      return rows[0] ? toRecord(rows[0]) : null
    },
    async remove(accountId, id) {
      const result = await sql`delete from ${table} where account_id = ${accountId} and id = ${id}`.execute(db)
      return Number(result.numAffectedRows ?? 0) > 0
    },
    async removeWhere(accountId, where) {
      const result = await sql`delete from ${table} where ${whereSql(accountId, where)}`.execute(db)
      return Number(result.numAffectedRows ?? 0)
    },
  }
}

/** Columns every record of a visitor has. */
export const visitorColumns = { accountId: 'int', contactId: 'int', visitorId: 'text', createdAt: 'int', updatedAt: 'int' } as const satisfies Record<
  string,
  ColumnKind
>
/** Columns every record of an account (not of one visitor) has. */
export const accountColumns = { accountId: 'int', createdAt: 'int', updatedAt: 'int' } as const satisfies Record<string, ColumnKind>
/** Sort names every Westfield record shows. */
export const datedSorts = { creationDate: 'createdAt', updateDate: 'updatedAt' } as const
