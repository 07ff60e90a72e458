import type { ContactLookup } from '../../domain/activity/activity.service.js'
import type { Instant } from '../../domain/shared/clock.js'
import { isCalendarDate, nextDate, startOfLocalDate } from '../../domain/shared/time.js'
import { ID_TYPE_MISMATCH, INVALID_VALUE, PegkeError, VALUE_MISSING } from './errors.js'
import type { UserKey } from './schemas.js'

const ID_FIELDS = ['mob', 'cid', 'email'] as const

/** Where Pegke's user keys live in the shared contacts: the same person for every API. */
const KIND = { mob: 'phone', cid: 'external_id', email: 'email' } as const

/**
 * The contact a request names: `idType` says which field to read, and that
 * field must be present; a request that carries another id field instead is
 * an idType mismatch.
 */
export const lookupOf = (key: UserKey): ContactLookup & { idType: 'mob' | 'cid' | 'email' } => {
  const idType = key.idType
  if (!idType) throw new PegkeError(VALUE_MISSING, 'idType', 'idType is required: mob, cid or email')
  const raw = key[idType]
  if (raw === undefined || raw === '') {
    const other = ID_FIELDS.find((f) => f !== idType && key[f] !== undefined)
    if (other) throw new PegkeError(ID_TYPE_MISMATCH, idType, `idType is ${idType} but the request carries ${other}`)
    throw new PegkeError(VALUE_MISSING, idType, `${idType} is required when idType is ${idType}`)
  }
  const value = String(raw).trim()
  if (idType === 'mob' && !/^[0-9]{10}$/.test(value)) throw new PegkeError(INVALID_VALUE, 'mob', 'mob must be a 10-digit phone number')
  if (idType === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw new PegkeError(INVALID_VALUE, 'email', 'email is not an email address')
  if (idType === 'cid' && value === '') throw new PegkeError(INVALID_VALUE, 'cid', 'cid must not be empty')
  return { kind: KIND[idType], value: idType === 'email' ? value.toLowerCase() : value, idType }
}

/** @throws PegkeError when `points` is absent */
export const requirePoints = (points: number | undefined): number => {
  if (points === undefined) throw new PegkeError(VALUE_MISSING, 'points', 'points is required')
  return points
}

/** `from`/`to` dates (inclusive, in the merchant's time zone) as a half-open range of instants. */
export const rangeOf = (query: { from?: string | undefined; to?: string | undefined }, timeZone: string): { from?: Instant; to?: Instant } => {
  const range: { from?: Instant; to?: Instant } = {}
  for (const field of ['from', 'to'] as const) {
    const value = query[field]
    if (value !== undefined && !isCalendarDate(value)) throw new PegkeError(INVALID_VALUE, field, `${field} must be a date written YYYY-MM-DD`)
  }
  if (query.from !== undefined) range.from = startOfLocalDate(query.from, timeZone)
  if (query.to !== undefined) range.to = startOfLocalDate(nextDate(query.to), timeZone)
  if (range.from !== undefined && range.to !== undefined && range.to <= range.from) {
    throw new PegkeError(INVALID_VALUE, 'to', 'to must not be before from')
  }
  return range
}
