import { describe, expect, it } from 'vitest'
import { intlLocalParts as intlParts, localDate, localDateTime, localParts, startOfLocalDate } from '../../src/domain/shared/time.js'

describe('wall-clock time in a zone', () => {
  // Daylight-saving changes in zones an hour, half an hour and a quarter off the hour.
  const changes: [string, string][] = [
    ['Europe/Amsterdam', '2026-03-29T01:00:00Z'],
    ['Europe/Amsterdam', '2026-10-25T01:00:00Z'],
    ['America/New_York', '2026-11-01T06:00:00Z'],
    ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
    ['Asia/Kathmandu', '2026-06-01T00:00:00Z'],
  ]

  it.each(changes)('reads %s around %s as Intl does, second by second through the change', (zone, at) => {
    const change = Date.parse(at)
    for (let t = change - 5 * 60_000; t <= change + 5 * 60_000; t += 997) {
      expect(localParts(t, zone), new Date(t).toISOString()).toEqual(intlParts(t, zone))
    }
  })

  it('alternates between zones within one minute without mixing their offsets', () => {
    const t = Date.parse('2026-07-01T12:00:30Z')
    expect(localDateTime(t, 'Europe/Amsterdam')).toBe('2026-07-01 14:00:30')
    expect(localDateTime(t + 1000, 'America/New_York')).toBe('2026-07-01 08:00:31')
    expect(localDateTime(t + 2000, 'Europe/Amsterdam')).toBe('2026-07-01 14:00:32')
    expect(localDate(t, 'Pacific/Kiritimati')).toBe('2026-07-02')
  })

  it('reads instants before 1980, when offsets had seconds, as Intl does', () => {
    const t = Date.parse('1900-06-01T12:00:00Z')
    expect(localParts(t, 'Europe/Amsterdam')).toEqual(intlParts(t, 'Europe/Amsterdam'))
    expect(localParts(t + 1000, 'Europe/Amsterdam')).toEqual(intlParts(t + 1000, 'Europe/Amsterdam'))
  })

  it('finds the first instant of a day that starts an hour late', () => {
    // Chile moves its clocks from 00:00 to 01:00 on 2026-09-06: the day starts at 01:00 local, 04:00 UTC.
    expect(new Date(startOfLocalDate('2026-09-06', 'America/Santiago')).toISOString()).toBe('2026-09-06T04:00:00.000Z')
    expect(new Date(startOfLocalDate('2026-07-01', 'Europe/Amsterdam')).toISOString()).toBe('2026-06-30T22:00:00.000Z')
  })
})
