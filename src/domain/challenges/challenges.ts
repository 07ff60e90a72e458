import type { Translation } from '../articles/articles.js'
import type { AccountRecord } from '../records/records.js'
import type { Instant } from '../shared/clock.js'
import { DomainError } from '../shared/errors.js'
import { localDate } from '../shared/time.js'
import type { VisitorOwned } from '../visitors/visitor-records.js'

export const challengeTypes = ['step_counter'] as const
export type ChallengeType = (typeof challengeTypes)[number]
export const challengeStatuses = ['draft', 'ready', 'active', 'ended', 'archived'] as const
export type ChallengeStatus = (typeof challengeStatuses)[number]

export interface Challenge extends AccountRecord {
  readonly pcCode: string
  readonly genericName: string
  readonly type: ChallengeType
  readonly startDate: Instant
  readonly endDate: Instant
  readonly timezone: string | null
  readonly imageUrl: string | null
  /** How many of the best visitors win when the challenge is terminated. */
  readonly winnerNumber: number
  /** How long a winner has to claim the reward; null: no limit. */
  readonly rewardExpirationSeconds: number | null
  readonly status: ChallengeStatus
  readonly displayName: readonly Translation[]
  readonly description: readonly Translation[]
  readonly rewardDetail: readonly Translation[]
  readonly terminatedAt: Instant | null
  readonly createdAt: Instant
  readonly updatedAt: Instant
}

/** A visitor's participation in a challenge. */
export interface VisitorChallenge extends VisitorOwned {
  readonly challengeId: number
  readonly points: number
  readonly totalEntryCount: number
  readonly bonusEntryCount: number
  /** When points were last logged: among equal points, who got there first ranks first. */
  readonly lastEntryDate: Instant | null
  /** When the bonus entry count last went up. */
  readonly lastBonusDate: Instant | null
  readonly rewardUnlocked: boolean
  readonly rewardReceived: boolean
  readonly rewardExpiresAt: Instant | null
  readonly registeredDate: Instant
}

/**
 * The lifecycle: draft -> ready -> active -> ended -> archived, with a ready
 * challenge allowed back to draft. An active challenge ends by termination
 * (or by setting `ended`, which picks no winners).
 */
const NEXT: Readonly<Record<ChallengeStatus, readonly ChallengeStatus[]>> = {
  draft: ['ready'],
  ready: ['draft', 'active'],
  active: ['ended'],
  ended: ['archived'],
  archived: [],
}

/** @throws challenge.invalid_status */
export const checkTransition = (from: ChallengeStatus, to: ChallengeStatus): void => {
  if (from === to || NEXT[from].includes(to)) return
  throw new DomainError('challenge.invalid_status', { field: 'status', reason: `a ${from} challenge cannot become ${to}` })
}

/** @throws challenge.invalid_status unless a new challenge starts as draft, ready or active */
export const checkInitialStatus = (status: ChallengeStatus): void => {
  if (status === 'ended' || status === 'archived')
    throw new DomainError('challenge.invalid_status', { field: 'status', reason: `a new challenge cannot be ${status}` })
}

/** @throws validation.invalid naming `endDate` unless the challenge ends after it starts */
export const checkDates = (startDate: Instant, endDate: Instant): void => {
  if (endDate <= startDate) throw new DomainError('validation.invalid', { field: 'endDate', reason: 'must be after startDate' })
}

/** Points can be logged while the challenge is active and between its start and end. */
export const canLogPoints = (challenge: Challenge, now: Instant): boolean =>
  challenge.status === 'active' && challenge.startDate <= now && now <= challenge.endDate

/** Visitors may register until the challenge ends. */
export const canRegister = (challenge: Challenge, now: Instant): boolean =>
  (challenge.status === 'ready' || challenge.status === 'active') && now <= challenge.endDate

export interface Ranked {
  readonly participant: VisitorChallenge
  /** 1-based; equal points share a position and the next one skips (1, 2, 2, 4). */
  readonly position: number
}

/**
 * The ranking of a challenge. Positions follow points only, so visitors with
 * the same points share a position ("standard competition" ranking: 1, 2, 2,
 * 4). Among equal points the order is who reached the score first (earlier
 * `lastEntryDate`), then who registered first; that order also decides which
 * of tied visitors win when winners must be cut at `winnerNumber`.
 */
export const rank = (participants: readonly VisitorChallenge[]): Ranked[] => {
  const sorted = [...participants].sort(
    (a, b) =>
      b.points - a.points ||
      (a.lastEntryDate ?? Number.MAX_SAFE_INTEGER) - (b.lastEntryDate ?? Number.MAX_SAFE_INTEGER) ||
      a.registeredDate - b.registeredDate ||
      a.id - b.id,
  )
  const ranked: Ranked[] = []
  for (const [i, participant] of sorted.entries()) {
    const previous = ranked[i - 1]
    ranked.push({ participant, position: previous && previous.participant.points === participant.points ? previous.position : i + 1 })
  }
  return ranked
}

/** The `winnerNumber` best visitors with points, in ranking order. */
export const winnersOf = (ranked: readonly Ranked[], winnerNumber: number): VisitorChallenge[] =>
  ranked
    .filter((r) => r.participant.points > 0)
    .slice(0, winnerNumber)
    .map((r) => r.participant)

/** The rows `size` wide around the row of `contactId` (as centred as the ends allow). */
export const around = (ranked: readonly Ranked[], contactId: number, size: number): Ranked[] => {
  const index = ranked.findIndex((r) => r.participant.contactId === contactId)
  if (index < 0) return ranked.slice(0, size)
  const start = Math.max(0, Math.min(index - Math.floor(size / 2), ranked.length - size))
  return ranked.slice(start, start + size)
}

/** Whether a bonus entry was logged today on the challenge's clock (UTC when it has no time zone). */
export const bonusActivatedToday = (challenge: Challenge, participant: VisitorChallenge, now: Instant): boolean => {
  if (participant.lastBonusDate === null) return false
  const zone = challenge.timezone ?? 'UTC'
  return localDate(participant.lastBonusDate, zone) === localDate(now, zone)
}
