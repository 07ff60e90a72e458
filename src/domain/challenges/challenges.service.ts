import { mergeTranslations, type TranslationInput } from '../articles/articles.js'
import type { Where } from '../records/records.js'
import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'
import type { IdempotencyTx } from '../shared/idempotency.js'
import type { Listed, ListQuery } from '../shared/list.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import { writer } from '../shared/write.js'
import { emit, visitorRecords } from '../visitors/visitor-records.js'
import { found, owned, refOf, requireVisitor, type VisitorRef } from '../visitors/visitor-ref.js'
import type { VisitorsTx } from '../visitors/visitors.store.js'
import {
  around,
  bonusActivatedToday,
  type Challenge,
  type ChallengeStatus,
  type ChallengeType,
  canLogPoints,
  canRegister,
  checkDates,
  checkInitialStatus,
  checkTransition,
  type Ranked,
  rank,
  type VisitorChallenge,
  winnersOf,
} from './challenges.js'
import type { ChallengesTx } from './challenges.store.js'

type Tx = ChallengesTx & EventsTx & IdempotencyTx & VisitorsTx

export interface ChallengeInput {
  readonly pcCode: string
  readonly genericName: string
  readonly type: ChallengeType
  readonly startDate: Instant
  readonly endDate: Instant
  readonly timezone: string | null
  readonly imageUrl: string | null
  readonly winnerNumber: number
  readonly rewardExpirationSeconds: number | null
  readonly status: ChallengeStatus
  readonly displayName?: readonly TranslationInput[] | undefined
  readonly description?: readonly TranslationInput[] | undefined
  readonly rewardDetail?: readonly TranslationInput[] | undefined
}

export interface ChallengeFilter {
  readonly pcCode?: string | undefined
  readonly type?: ChallengeType | undefined
  /** Challenges starting at or after. */
  readonly startDate?: Instant | undefined
  /** Challenges ending at or before. */
  readonly endDate?: Instant | undefined
  readonly status?: ChallengeStatus | undefined
}

export interface ParticipationFilter {
  readonly pcCode?: string | undefined
  readonly type?: ChallengeType | undefined
  readonly registerDateSince?: Instant | undefined
  readonly registerDateUntil?: Instant | undefined
}

export type ParticipationPatch = Partial<
  Pick<VisitorChallenge, 'points' | 'totalEntryCount' | 'bonusEntryCount' | 'lastEntryDate' | 'rewardUnlocked' | 'rewardReceived'>
>

/** A row of a ranking: who, where, with how many points. */
export interface RankingRow {
  readonly position: number
  readonly participant: VisitorChallenge
  readonly name: string | null
  readonly isVisitorRank: boolean
}

export interface VisitorRanking {
  readonly challenge: Challenge
  readonly participant: VisitorChallenge
  readonly topRanking: readonly RankingRow[]
  readonly otherRanking: readonly RankingRow[]
  readonly bonusActivatedToday: boolean
  readonly position: number
  readonly canLogPoints: boolean
}

export interface Termination {
  readonly challenge: Challenge
  readonly winners: readonly VisitorChallenge[]
}

/** Rows shown at the top of a visitor's ranking, and around the visitor below it. */
export const TOP_RANKING_SIZE = 3
export const OTHER_RANKING_SIZE = 5

export interface ChallengeService {
  /** @throws validation.invalid (endDate), challenge.invalid_status (a new challenge cannot be ended or archived) */
  create(ctx: CommandContext, input: ChallengeInput): Promise<Challenge>
  list(accountId: number, f: ChallengeFilter, query: ListQuery): Promise<Listed<Challenge>>
  /** @throws resource.not_found */
  get(accountId: number, id: number): Promise<Challenge>
  /** @throws resource.not_found, challenge.invalid_status (a transition the lifecycle does not allow), validation.invalid */
  update(ctx: CommandContext, id: number, patch: Partial<ChallengeInput>): Promise<Challenge>
  /**
   * Ends an active challenge and unlocks the reward of its `winnerNumber`
   * best visitors (see `rank` for ties), each with `rewardExpirationSeconds`
   * to claim it. Before the end date only with `ignoreEndDate`.
   * @throws resource.not_found, challenge.invalid_status (not active), challenge.not_ended
   */
  terminate(ctx: CommandContext, id: number, ignoreEndDate: boolean): Promise<Termination>
  /** @throws resource.not_found */
  participants(accountId: number, challengeId: number, rewardUnlocked: boolean | undefined, query: ListQuery): Promise<Listed<VisitorChallenge>>
  /**
   * @throws visitor.not_found, resource.not_found (challengeId), challenge.invalid_status (not open for
   * registration), resource.duplicate (already registered)
   */
  register(ctx: CommandContext, visitorId: string, challengeId: number, registeredAt: number | undefined): Promise<VisitorChallenge>
  /** @throws visitor.not_found */
  listOfVisitor(accountId: number, visitorId: string, f: ParticipationFilter, query: ListQuery): Promise<Listed<VisitorChallenge>>
  /**
   * Sets counters as given; raising the bonus entry count dates the bonus.
   * @throws visitor.not_found, resource.not_found
   */
  updateParticipation(
    ctx: CommandContext,
    visitorId: string,
    id: number,
    patch: Partial<Pick<VisitorChallenge, 'points' | 'totalEntryCount' | 'bonusEntryCount' | 'lastEntryDate' | 'rewardUnlocked' | 'rewardReceived'>>,
  ): Promise<VisitorChallenge>
  /**
   * Logs points: added in one statement, so concurrent additions all count;
   * each call is one entry.
   * @throws visitor.not_found, resource.not_found, challenge.invalid_status (the challenge is not running)
   */
  addPoints(ctx: CommandContext, visitorId: string, id: number, points: number): Promise<VisitorChallenge>
  removeParticipation(ctx: CommandContext, visitorId: string, id: number): Promise<void>
  /**
   * For each challenge the visitor takes part in: the top of the ranking,
   * the rows around the visitor, the visitor's position and whether points
   * can be logged now.
   * @throws visitor.not_found
   */
  rankings(accountId: number, visitorId: string, f: ParticipationFilter, query: ListQuery): Promise<Listed<VisitorRanking>>
  /**
   * `size` rows of a challenge's ranking centred on the visitor; `total`
   * counts every participant.
   * @throws visitor.not_found, resource.not_found
   */
  leaderboard(accountId: number, visitorId: string, challengeId: number, size: number): Promise<Listed<RankingRow>>
}

/** Challenges (step counters), the visitors taking part, their rankings, and termination with winners. */
export const createChallengeService = (deps: { uow: UnitOfWork<Tx>; clock: Clock }): ChallengeService => {
  const { uow, clock } = deps
  const write = writer(deps)
  const participations = visitorRecords(deps, (tx) => tx.challenges.participants, 'visitorChallengeId', 'westfield.visitor_challenge')

  const requireChallenge = async (tx: Tx, accountId: number, id: number, field = 'challengeId'): Promise<Challenge> =>
    found(await tx.challenges.challenges.get(accountId, id), field, id)

  const participantsOf = (tx: Tx, accountId: number, challengeId: number): Promise<VisitorChallenge[]> =>
    tx.challenges.participants.find(accountId, { all: [['challengeId', { op: 'eq', value: challengeId }]] })

  const rows = async (tx: Tx, accountId: number, ranked: readonly Ranked[], visitor: VisitorRef): Promise<RankingRow[]> => {
    const refs = (
      await tx.visitors.byVisitorIds(
        accountId,
        ranked.map((r) => r.participant.visitorId),
      )
    ).map(refOf)
    return ranked.map((r) => ({
      position: r.position,
      participant: r.participant,
      name: refs.find((v) => v.contactId === r.participant.contactId)?.name ?? null,
      isVisitorRank: r.participant.contactId === visitor.contactId,
    }))
  }

  const challengeIdsFor = async (tx: Tx, accountId: number, f: ParticipationFilter): Promise<number[] | null> => {
    if (f.pcCode === undefined && f.type === undefined) return null
    const challenges = await tx.challenges.challenges.find(accountId, {
      all: [
        ...(f.pcCode !== undefined ? [['pcCode', { op: 'eq', value: f.pcCode }] as const] : []),
        ...(f.type !== undefined ? [['type', { op: 'eq', value: f.type }] as const] : []),
      ],
    })
    return challenges.map((c) => c.id)
  }

  const participationWhere = async (tx: Tx, accountId: number, visitor: VisitorRef, f: ParticipationFilter): Promise<Where<VisitorChallenge>> => {
    const ids = await challengeIdsFor(tx, accountId, f)
    return {
      all: [
        ['contactId', { op: 'eq', value: visitor.contactId }],
        ...(ids !== null ? [['challengeId', { op: 'in', values: ids }] as const] : []),
        ...(f.registerDateSince !== undefined ? [['registeredDate', { op: 'gte', value: f.registerDateSince }] as const] : []),
        ...(f.registerDateUntil !== undefined ? [['registeredDate', { op: 'lte', value: f.registerDateUntil }] as const] : []),
      ],
    }
  }

  return {
    create: (ctx: CommandContext, input: ChallengeInput): Promise<Challenge> =>
      write(ctx, async (tx, now) => {
        checkDates(input.startDate, input.endDate)
        checkInitialStatus(input.status)
        const challenge = await tx.challenges.challenges.insert({
          ...input,
          accountId: ctx.accountId,
          displayName: mergeTranslations('displayName', [], input.displayName ?? [], now),
          description: mergeTranslations('description', [], input.description ?? [], now),
          rewardDetail: mergeTranslations('rewardDetail', [], input.rewardDetail ?? [], now),
          terminatedAt: null,
          createdAt: now,
          updatedAt: now,
        })
        await emit(tx, ctx.accountId, 'westfield.challenge.created', { id: challenge.id, status: challenge.status }, now)
        return challenge
      }),

    list: (accountId: number, f: ChallengeFilter, query: ListQuery): Promise<Listed<Challenge>> =>
      uow.read((tx) =>
        tx.challenges.challenges.list(
          accountId,
          {
            all: [
              ...(f.pcCode !== undefined ? [['pcCode', { op: 'eq', value: f.pcCode }] as const] : []),
              ...(f.type !== undefined ? [['type', { op: 'eq', value: f.type }] as const] : []),
              ...(f.status !== undefined ? [['status', { op: 'eq', value: f.status }] as const] : []),
              ...(f.startDate !== undefined ? [['startDate', { op: 'gte', value: f.startDate }] as const] : []),
              ...(f.endDate !== undefined ? [['endDate', { op: 'lte', value: f.endDate }] as const] : []),
            ],
          },
          query,
        ),
      ),

    get: (accountId: number, id: number): Promise<Challenge> => uow.read((tx) => requireChallenge(tx, accountId, id)),

    update: (ctx: CommandContext, id: number, patch: Partial<ChallengeInput>): Promise<Challenge> =>
      write(ctx, async (tx, now) => {
        const current = await requireChallenge(tx, ctx.accountId, id)
        if (patch.status !== undefined) checkTransition(current.status, patch.status)
        checkDates(patch.startDate ?? current.startDate, patch.endDate ?? current.endDate)
        const { displayName, description, rewardDetail, ...fields } = patch
        // The status is part of the condition, so a concurrent change of status cannot be overwritten.
        const updated = await tx.challenges.challenges.update(
          ctx.accountId,
          id,
          {
            ...fields,
            displayName: mergeTranslations('displayName', current.displayName, displayName, now),
            description: mergeTranslations('description', current.description, description, now),
            rewardDetail: mergeTranslations('rewardDetail', current.rewardDetail, rewardDetail, now),
            updatedAt: now,
          },
          { all: [['status', { op: 'eq', value: current.status }]] },
        )
        if (!updated) throw new DomainError('challenge.invalid_status', { field: 'status', reason: 'the challenge changed status meanwhile' })
        await emit(tx, ctx.accountId, 'westfield.challenge.updated', { id, status: updated.status }, now)
        return updated
      }),

    terminate: (ctx: CommandContext, id: number, ignoreEndDate: boolean): Promise<Termination> =>
      write(ctx, async (tx, now) => {
        const current = await requireChallenge(tx, ctx.accountId, id)
        if (current.status !== 'active')
          throw new DomainError('challenge.invalid_status', { field: 'status', reason: `a ${current.status} challenge cannot be terminated` })
        if (!ignoreEndDate && now < current.endDate) {
          throw new DomainError('challenge.not_ended', { field: 'ignoreEndDate', reason: 'the challenge has not reached its end date' })
        }
        const challenge = await tx.challenges.challenges.update(
          ctx.accountId,
          id,
          { status: 'ended', terminatedAt: now, updatedAt: now },
          { all: [['status', { op: 'eq', value: 'active' }]] },
        )
        if (!challenge) throw new DomainError('challenge.invalid_status', { field: 'status', reason: 'the challenge was terminated meanwhile' })
        const expiresAt = challenge.rewardExpirationSeconds === null ? null : now + challenge.rewardExpirationSeconds * 1000
        const winners: VisitorChallenge[] = []
        for (const w of winnersOf(rank(await participantsOf(tx, ctx.accountId, id)), challenge.winnerNumber)) {
          const unlocked = await tx.challenges.participants.update(ctx.accountId, w.id, { rewardUnlocked: true, rewardExpiresAt: expiresAt, updatedAt: now })
          if (unlocked) winners.push(unlocked)
        }
        await emit(tx, ctx.accountId, 'westfield.challenge.terminated', { id, winners: winners.map((w) => w.visitorId) }, now)
        return { challenge, winners }
      }),

    participants: (accountId: number, challengeId: number, rewardUnlocked: boolean | undefined, query: ListQuery): Promise<Listed<VisitorChallenge>> =>
      uow.read(async (tx) => {
        await requireChallenge(tx, accountId, challengeId)
        return tx.challenges.participants.list(
          accountId,
          {
            all: [
              ['challengeId', { op: 'eq', value: challengeId }],
              ...(rewardUnlocked !== undefined ? [['rewardUnlocked', { op: 'eq', value: rewardUnlocked }] as const] : []),
            ],
          },
          query,
        )
      }),

    register: (ctx: CommandContext, visitorId: string, challengeId: number, registeredAt: Instant | undefined): Promise<VisitorChallenge> =>
      participations.create(
        ctx,
        visitorId,
        (now) => ({
          challengeId,
          points: 0,
          totalEntryCount: 0,
          bonusEntryCount: 0,
          lastEntryDate: null,
          lastBonusDate: null,
          rewardUnlocked: false,
          rewardReceived: false,
          rewardExpiresAt: null,
          registeredDate: registeredAt ?? now,
        }),
        async (tx, visitor) => {
          const challenge = await requireChallenge(tx, ctx.accountId, challengeId)
          if (!canRegister(challenge, clock.now())) {
            throw new DomainError('challenge.invalid_status', { field: 'challengeId', reason: `a ${challenge.status} challenge takes no registrations` })
          }
          const [existing] = await tx.challenges.participants.find(
            ctx.accountId,
            participations.within(visitor, { all: [['challengeId', { op: 'eq', value: challengeId }]] }),
          )
          if (existing)
            throw new DomainError('resource.duplicate', { field: 'challengeId', reason: `the visitor is already registered to challenge ${challengeId}` })
        },
      ),

    listOfVisitor: (accountId: number, visitorId: string, f: ParticipationFilter, query: ListQuery): Promise<Listed<VisitorChallenge>> =>
      uow.read(async (tx) => {
        const visitor = await requireVisitor(tx, accountId, visitorId)
        return tx.challenges.participants.list(accountId, await participationWhere(tx, accountId, visitor, f), query)
      }),

    /** Sets counters as given; raising the bonus entry count dates the bonus. @throws visitor.not_found, resource.not_found */
    updateParticipation: (ctx: CommandContext, visitorId: string, id: number, patch: ParticipationPatch): Promise<VisitorChallenge> =>
      participations.update(ctx, visitorId, id, (current, now) =>
        patch.bonusEntryCount !== undefined && patch.bonusEntryCount > current.bonusEntryCount ? { ...patch, lastBonusDate: now } : patch,
      ),

    addPoints: (ctx: CommandContext, visitorId: string, id: number, points: number): Promise<VisitorChallenge> =>
      write(ctx, async (tx, now) => {
        const visitor = await requireVisitor(tx, ctx.accountId, visitorId)
        const current = await participations.load(tx, ctx.accountId, visitor, id)
        const challenge = await requireChallenge(tx, ctx.accountId, current.challengeId)
        if (!canLogPoints(challenge, now)) {
          throw new DomainError('challenge.invalid_status', {
            field: 'points',
            reason: `points cannot be logged to a ${challenge.status} challenge outside its dates`,
          })
        }
        const updated = owned(
          await tx.challenges.participants.increment(ctx.accountId, id, { points, totalEntryCount: 1 }, { lastEntryDate: now, updatedAt: now }),
          visitor,
          'visitorChallengeId',
          id,
        )
        await emit(tx, ctx.accountId, 'westfield.visitor_challenge.points_added', { id, visitorId: visitor.visitorId, points, total: updated.points }, now)
        return updated
      }),

    removeParticipation: participations.remove,

    rankings: (accountId: number, visitorId: string, f: ParticipationFilter, query: ListQuery): Promise<Listed<VisitorRanking>> =>
      uow.read(async (tx) => {
        const visitor = await requireVisitor(tx, accountId, visitorId)
        const page = await tx.challenges.participants.list(accountId, await participationWhere(tx, accountId, visitor, f), query)
        const now = clock.now()
        const items: VisitorRanking[] = []
        for (const participant of page.items) {
          const challenge = await requireChallenge(tx, accountId, participant.challengeId)
          const ranked = rank(await participantsOf(tx, accountId, challenge.id))
          const mine = ranked.find((r) => r.participant.id === participant.id)
          const top = ranked.slice(0, TOP_RANKING_SIZE)
          const others = around(ranked, visitor.contactId, OTHER_RANKING_SIZE).filter((r) => !top.includes(r))
          items.push({
            challenge,
            participant,
            topRanking: await rows(tx, accountId, top, visitor),
            otherRanking: await rows(tx, accountId, others, visitor),
            bonusActivatedToday: bonusActivatedToday(challenge, participant, now),
            position: mine?.position ?? ranked.length,
            canLogPoints: canLogPoints(challenge, now),
          })
        }
        return { items, total: page.total }
      }),

    leaderboard: (accountId: number, visitorId: string, challengeId: number, size: number): Promise<Listed<RankingRow>> =>
      uow.read(async (tx) => {
        const visitor = await requireVisitor(tx, accountId, visitorId)
        await requireChallenge(tx, accountId, challengeId)
        const ranked = rank(await participantsOf(tx, accountId, challengeId))
        return { items: await rows(tx, accountId, around(ranked, visitor.contactId, size), visitor), total: ranked.length }
      }),
  }
}
