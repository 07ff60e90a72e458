/**
 * A list request as the dialects with offset paging (Westfield) read it:
 * records to skip, how many to return, and sort keys in priority order.
 * Field names are those the dialect shows; each store maps them to columns.
 */
export interface SortKey {
  readonly field: string
  readonly descending: boolean
}

export interface ListQuery {
  readonly offset: number
  readonly limit: number
  readonly sort: readonly SortKey[]
}

export interface Listed<T> {
  readonly items: readonly T[]
  /** Every record matching the filters, before offset and limit. */
  readonly total: number
}

const compare = (a: unknown, b: unknown): number => {
  if (a === b) return 0
  // Absent values sort first ascending, as SQL NULLs do on SQLite.
  if (a === null || a === undefined) return -1
  if (b === null || b === undefined) return 1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b)
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0
}

/**
 * Sorts and pages records already narrowed to a small set (the bookmarks of
 * one visitor). Ties keep the input order, which stores give by id, so pages
 * never overlap.
 */
export const listInMemory = <T>(rows: readonly T[], query: ListQuery, fieldOf: (row: T, field: string) => unknown): Listed<T> => {
  const sorted = query.sort.length
    ? rows
        .map((row, index) => ({ row, index }))
        .sort((x, y) => {
          for (const key of query.sort) {
            const c = compare(fieldOf(x.row, key.field), fieldOf(y.row, key.field))
            if (c !== 0) return key.descending ? -c : c
          }
          return x.index - y.index
        })
        .map((x) => x.row)
    : rows
  return { items: sorted.slice(query.offset, query.offset + query.limit), total: rows.length }
}
