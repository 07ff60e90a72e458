import { fromDecimal, type Minor, toDecimalNumber } from '../../../domain/shared/amounts.js'
import type { Instant } from '../../../domain/shared/clock.js'
import { DomainError } from '../../../domain/shared/errors.js'
import { isCalendarDate, nextDate, startOfLocalDate } from '../../../domain/shared/time.js'

/** Drops the keys a client did not send, so a PATCH changes only what it names. */
export const defined = <T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> }

/** A decimal amount (`31.4`) in minor units. @throws validation.invalid when it has more than two decimals */
export const toMinor = (value: number, field: string): Minor => {
  const m = fromDecimal(value)
  if (m === null) throw new DomainError('validation.invalid', { field, reason: 'must have at most two decimals' })
  return m
}

export const toMinorOrNull = (value: number | null | undefined, field: string): Minor | null | undefined =>
  value === undefined ? undefined : value === null ? null : toMinor(value, field)

export const decimalOrNull = (value: Minor | null): number | null => (value === null ? null : toDecimalNumber(value))

/**
 * A filter bound given as a date-time or as a calendar date; a date is read in
 * `timeZone` and, as an upper bound, includes that whole day.
 * @throws validation.invalid naming `field`
 */
export const boundOf = (value: string | undefined, field: string, timeZone: string, upper: boolean): Instant | undefined => {
  if (value === undefined) return undefined
  if (isCalendarDate(value)) return upper ? startOfLocalDate(nextDate(value), timeZone) - 1 : startOfLocalDate(value, timeZone)
  const at = Date.parse(value)
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(at))
    throw new DomainError('validation.invalid', { field, reason: 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time' })
  return at
}

/** A string that may be a date or a date-time, for the filters that take either. */
export const dateOrDateTime = {
  type: 'string',
  maxLength: 40,
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T.+)?$',
  description: 'YYYY-MM-DD (a whole day in the account time zone) or an ISO 8601 date-time',
} as const
