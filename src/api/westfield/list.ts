import { type Static, Type } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import { DomainError } from '../../domain/shared/errors.js'
import type { Listed, ListQuery, SortKey } from '../../domain/shared/list.js'
import { type Links, type Many, many, type One, one } from './envelope.js'

export const DEFAULT_LIMIT = 25
export const MAX_LIMIT = 500

/**
 * The query parameters every Westfield list takes. Spread them into a route's
 * querystring schema beside its own filters:
 * `Type.Object({ ...listParams, bookmarkType: Type.Optional(...) })`.
 */
export const listParams = {
  offset: Type.Integer({ minimum: 0, default: 0, description: 'Records to skip' }),
  limit: Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT, description: 'Records to return' }),
  sort: Type.Optional(Type.String({ maxLength: 500, description: 'Comma list of fields; a leading `-` sorts descending' })),
  fields: Type.Optional(Type.String({ maxLength: 2000, description: 'Comma list of fields to return' })),
}
const ListParams = Type.Object(listParams)
export type ListParams = Static<typeof ListParams>

/** The `fields` parameter of a single-object read. */
export const fieldsParam = { fields: listParams.fields }

/**
 * What a client may ask of one resource's lists: the fields it shows (for
 * `fields`) and those it may sort by (every scalar field unless narrowed).
 */
export interface ListSpec {
  readonly fields: readonly string[]
  readonly sortable: readonly string[]
}

export const listSpec = (fields: readonly string[], notSortable: readonly string[] = []): ListSpec => ({
  fields,
  sortable: fields.filter((f) => !notSortable.includes(f)),
})

const commaList = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')

/** @throws validation.invalid naming `sort` when a key is not a sortable field. */
export const sortKeys = (sort: string | undefined, spec: ListSpec): SortKey[] =>
  commaList(sort).map((raw) => {
    const descending = raw.startsWith('-')
    const field = raw.replace(/^[-+]/, '')
    if (!spec.sortable.includes(field)) {
      throw new DomainError('validation.invalid', { field: 'sort', reason: `cannot sort by ${field}; sortable fields: ${spec.sortable.join(', ')}` })
    }
    return { field, descending }
  })

/** @throws validation.invalid naming `fields` when a field is unknown. */
export const selectedFields = (fields: string | undefined, spec: Pick<ListSpec, 'fields'>): string[] | null => {
  const names = commaList(fields)
  if (names.length === 0) return null
  const unknown = names.filter((n) => !spec.fields.includes(n))
  if (unknown.length) throw new DomainError('validation.invalid', { field: 'fields', reason: `unknown fields: ${unknown.join(', ')}` })
  return names
}

/** The domain's list request from the query string. @throws validation.invalid */
export const listQuery = (params: ListParams, spec: ListSpec): ListQuery => {
  selectedFields(params.fields, spec)
  return { offset: params.offset, limit: params.limit, sort: sortKeys(params.sort, spec) }
}

const pick = <T extends object>(item: T, names: readonly string[] | null): Partial<T> | T => {
  if (!names) return item
  const out: Record<string, unknown> = {}
  for (const name of names) if (name in item) out[name] = (item as Record<string, unknown>)[name]
  return out as Partial<T>
}

const linkTo = (req: FastifyRequest, offset: number): string => {
  const url = new URL(req.url, 'http://host')
  url.searchParams.set('offset', String(offset))
  return `${url.pathname}${url.search}`
}

const linksOf = (req: FastifyRequest, params: ListParams, total: number): Links => {
  const links: { self: string; next?: string; prev?: string } = { self: req.url }
  if (params.offset + params.limit < total) links.next = linkTo(req, params.offset + params.limit)
  if (params.offset > 0) links.prev = linkTo(req, Math.max(0, Math.min(params.offset, total) - params.limit))
  return links
}

/** Wraps a page of records: maps them, applies `fields`, adds `total` and `_links` (self, next, prev). */
export const listed = <T, W extends object>(
  req: FastifyRequest,
  params: ListParams,
  spec: ListSpec,
  page: Listed<T>,
  map: (item: T) => W,
): Many<Partial<W>> => {
  const names = selectedFields(params.fields, spec)
  return many(
    page.items.map((item) => pick(map(item), names)),
    page.total,
    linksOf(req, params, page.total),
  )
}

/** Wraps one record, applying `fields`. */
export const single = <W extends object>(item: W, fields: string | undefined, spec: Pick<ListSpec, 'fields'>): One<Partial<W>> =>
  one(pick(item, selectedFields(fields, spec)))
