import { describe, expect, it } from 'vitest'
import { mergeTranslations } from '../../src/domain/articles/articles.js'
import { around, checkTransition, rank, type VisitorChallenge, winnersOf } from '../../src/domain/challenges/challenges.js'
import { inForce, type LegalText, latestOptins, type Optin, requiredConsents } from '../../src/domain/consent/consent.js'
import { matchVisitor, type ParkingHistory, plateKey, summarize } from '../../src/domain/parking/parking.js'
import { DomainError } from '../../src/domain/shared/errors.js'

const participant = (id: number, points: number, lastEntryDate: number | null): VisitorChallenge => ({
  id,
  accountId: 1,
  contactId: id,
  visitorId: `v${id}`,
  challengeId: 1,
  points,
  totalEntryCount: 0,
  bonusEntryCount: 0,
  lastEntryDate,
  lastBonusDate: null,
  rewardUnlocked: false,
  rewardReceived: false,
  rewardExpiresAt: null,
  registeredDate: 0,
  createdAt: 0,
  updatedAt: 0,
})

const codeOf = (f: () => unknown): string | null => {
  try {
    f()
    return null
  } catch (e) {
    return e instanceof DomainError ? `${e.code}:${e.detail.field}` : 'other'
  }
}

describe('challenge ranking', () => {
  it('gives equal points one position and skips the next ones', () => {
    const ranked = rank([participant(1, 10, 5), participant(2, 30, 9), participant(3, 30, 1), participant(4, 10, 2), participant(5, 0, null)])
    expect(ranked.map((r) => [r.participant.id, r.position])).toEqual([
      [3, 1],
      [2, 1],
      [4, 3],
      [1, 3],
      [5, 5],
    ])
  })

  it('cuts winners at winnerNumber in ranking order and never picks visitors without points', () => {
    const ranked = rank([participant(1, 5, 3), participant(2, 5, 1), participant(3, 0, null)])
    expect(winnersOf(ranked, 1).map((w) => w.id)).toEqual([2])
    expect(winnersOf(ranked, 10).map((w) => w.id)).toEqual([2, 1])
  })

  it('centres a window on the visitor as far as the ends allow', () => {
    const ranked = rank(Array.from({ length: 10 }, (_, i) => participant(i + 1, 100 - i, null)))
    expect(around(ranked, 5, 3).map((r) => r.participant.id)).toEqual([4, 5, 6])
    expect(around(ranked, 1, 3).map((r) => r.participant.id)).toEqual([1, 2, 3])
    expect(around(ranked, 10, 3).map((r) => r.participant.id)).toEqual([8, 9, 10])
  })

  it('allows only the lifecycle steps', () => {
    expect(codeOf(() => checkTransition('draft', 'ready'))).toBeNull()
    expect(codeOf(() => checkTransition('ready', 'draft'))).toBeNull()
    expect(codeOf(() => checkTransition('active', 'active'))).toBeNull()
    expect(codeOf(() => checkTransition('draft', 'active'))).toBe('challenge.invalid_status:status')
    expect(codeOf(() => checkTransition('archived', 'ended'))).toBe('challenge.invalid_status:status')
  })
})

describe('parking rules', () => {
  const history = (start: string, amount: number, currency = 'EUR'): ParkingHistory =>
    ({ parkingSessionStart: Date.parse(start), paidAt: null, createdAt: 0, amount, currency }) as ParkingHistory

  it('groups by the month on the wall clock of the time zone, on both sides of a daylight-saving change', () => {
    const rows = summarize([history('2026-03-31T21:59:00Z', 1), history('2026-03-31T22:00:00Z', 2), history('2026-10-31T22:59:00Z', 4)], 'Europe/Paris')
    expect(rows.map((r) => [r.month, r.totalAmount])).toEqual([
      [10, 4],
      [4, 2],
      [3, 1],
    ])
  })

  it('matches a visitor only when every id given names the same one', () => {
    expect(matchVisitor([{ field: 'visitorId', value: 'a', contactId: 7 }])).toBe(7)
    expect(
      codeOf(() =>
        matchVisitor([
          { field: 'visitorId', value: 'a', contactId: 7 },
          { field: 'licensePlate', value: 'b', contactId: 8 },
        ]),
      ),
    ).toBe('parking.visitor_mismatch:licensePlate')
    expect(codeOf(() => matchVisitor([{ field: 'barcode', value: 'x', contactId: null }]))).toBe('visitor.not_found:barcode')
    expect(codeOf(() => matchVisitor([]))).toBe('validation.invalid:visitorId')
  })

  it('compares plates without case, spaces or dashes', () => {
    expect(plateKey('ab-123 cd')).toBe(plateKey('AB123CD'))
  })
})

describe('consent rules', () => {
  const text = (id: number, type: LegalText['type'], version: number, releaseDate: number, requireConsent = true): LegalText => ({
    id,
    accountId: 1,
    type,
    version,
    releaseDate,
    requireConsent,
    createdAt: 0,
    updatedAt: 0,
  })

  it('takes the highest released version of each type', () => {
    expect(inForce([text(1, 'terms', 1, 0), text(2, 'terms', 2, 10), text(3, 'terms', 3, 100)], 50).map((t) => t.id)).toEqual([2])
  })

  it('requires the unaccepted texts that apply to the visitor’s countries', () => {
    const texts = [text(1, 'terms', 1, 0), text(2, 'privacy_us', 1, 0), text(3, 'privacy_eu', 1, 0), text(4, 'loyalty', 1, 0, false)]
    expect(requiredConsents(texts, new Set([1]), new Set(['US']), 5).map((t) => t.id)).toEqual([2])
    expect(requiredConsents(texts, new Set(), new Set(['DE']), 5).map((t) => t.id)).toEqual([1, 3])
  })

  it('keeps the newest optin of each type and channel', () => {
    const optin = (id: number, optinType: Optin['optinType'], optinChannel: Optin['optinChannel'], optinDate: number) =>
      ({ id, optinType, optinChannel, optinDate }) as Optin
    const kept = latestOptins([optin(1, 'commercial', 'sms', 5), optin(2, 'commercial', 'sms', 9), optin(3, 'commercial', 'email', 1)])
    expect(kept.map((o) => o.id)).toEqual([2, 3])
  })
})

describe('translations', () => {
  it('keeps the dates of unchanged locales and refuses a locale listed twice', () => {
    const current = [{ localeCode: 'fr-FR', value: 'a', createdAt: 1, updatedAt: 1 }]
    expect(
      mergeTranslations(
        'title',
        current,
        [
          { localeCode: 'fr-FR', value: 'a' },
          { localeCode: 'en-GB', value: 'b' },
        ],
        9,
      ),
    ).toEqual([current[0], { localeCode: 'en-GB', value: 'b', createdAt: 9, updatedAt: 9 }])
    expect(mergeTranslations('title', current, undefined, 9)).toEqual(current)
    expect(
      codeOf(() =>
        mergeTranslations(
          'title',
          [],
          [
            { localeCode: 'x', value: '1' },
            { localeCode: 'x', value: '2' },
          ],
          9,
        ),
      ),
    ).toBe('validation.invalid:title[1].localeCode')
  })
})
