import type { Instant } from './clock.js'

const partsFormatter = new Map<string, Intl.DateTimeFormat>()

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let f = partsFormatter.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    partsFormatter.set(timeZone, f)
  }
  return f
}

export interface LocalParts {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
}

/** The wall-clock reading of an instant in a time zone, asked of Intl every time. */
export const intlLocalParts = (at: Instant, timeZone: string): LocalParts => {
  const p: Record<string, number> = {}
  for (const part of formatterFor(timeZone).formatToParts(new Date(at))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value)
  }
  return { year: p.year ?? 0, month: p.month ?? 0, day: p.day ?? 0, hour: p.hour ?? 0, minute: p.minute ?? 0, second: p.second ?? 0 }
}

/**
 * Since 1980 every zone's offset is a whole number of minutes and changes on
 * a minute boundary (local mean times of old had seconds), so an offset found
 * for one instant holds for its whole minute.
 */
const MINUTE_OFFSETS_SINCE = Date.UTC(1980, 0, 1)
/** Each zone's offset in the minute it was last asked for: formatting an instant costs microseconds, and requests come many a minute. */
const lastOffset = new Map<string, { minute: number; offset: number }>()

/** The wall-clock reading of an instant in a time zone. */
export const localParts = (at: Instant, timeZone: string): LocalParts => {
  if (at < MINUTE_OFFSETS_SINCE) return intlLocalParts(at, timeZone)
  const minute = Math.floor(at / 60_000)
  const hit = lastOffset.get(timeZone)
  if (hit?.minute === minute) {
    const d = new Date(at + hit.offset)
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    }
  }
  const p = intlLocalParts(at, timeZone)
  lastOffset.set(timeZone, { minute, offset: Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - (at - (at % 1000)) })
  return p
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** `YYYY-MM-DD` of an instant in a time zone. */
export const localDate = (at: Instant, timeZone: string): string => {
  const p = localParts(at, timeZone)
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`
}

/** `YYYY-MM-DD HH:MM:SS` of an instant in a time zone. */
export const localDateTime = (at: Instant, timeZone: string): string => {
  const p = localParts(at, timeZone)
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`
}

/** Offset of the zone from UTC at an instant, in milliseconds. */
const offsetAt = (at: Instant, timeZone: string): number => {
  const p = localParts(at, timeZone)
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - (at - (at % 1000))
}

/** The first instant of a calendar date (`YYYY-MM-DD`) in a time zone. */
export const startOfLocalDate = (date: string, timeZone: string): Instant => {
  const [y, m, d] = date.split('-').map(Number)
  const utcMidnight = Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1)
  // Two passes settle the offset across a daylight-saving change on that day.
  let guess = utcMidnight - offsetAt(utcMidnight, timeZone)
  guess = utcMidnight - offsetAt(guess, timeZone)
  if (localDate(guess, timeZone) >= date) return guess
  // The clocks jump over midnight (Chile, Paraguay): the day starts at the jump, found to the second.
  let before = guess
  let within = guess + 3 * 3_600_000
  while (within - before > 1000) {
    const mid = before + Math.floor((within - before) / 2000) * 1000
    if (localDate(mid, timeZone) < date) before = mid
    else within = mid
  }
  return within
}

/** The calendar date after `date`. */
export const nextDate = (date: string): string => {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + 1)).toISOString().slice(0, 10)
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export const isCalendarDate = (value: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const t = Date.parse(`${value}T00:00:00Z`)
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value
}

/** ISO-8601 week number of a calendar date. */
export const isoWeek = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number)
  const t = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1))
  const day = t.getUTCDay() || 7
  t.setUTCDate(t.getUTCDate() + 4 - day)
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1)
  return Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7)
}
