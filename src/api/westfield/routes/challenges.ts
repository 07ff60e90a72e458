import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { type Static, Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import type { Translation } from '../../../domain/articles/articles.js'
import { type Challenge, challengeStatuses, challengeTypes, type VisitorChallenge } from '../../../domain/challenges/challenges.js'
import type { ChallengeInput, ParticipationFilter, RankingRow, VisitorRanking } from '../../../domain/challenges/challenges.service.js'
import type { Instant } from '../../../domain/shared/clock.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { many, one } from '../envelope.js'
import { fieldsParam, listed, listParams, listQuery, listSpec, MAX_LIMIT, single, sortKeys } from '../list.js'
import { instant, iso, isoOrNull } from '../mappers.js'
import { dateTime, id, nullable, oneOf, text, VisitorParams } from '../schemas.js'
import { translations } from './articles.js'
import { defined } from './engagement-common.js'

const timezone = Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/Paris' })
const challengeFields = {
  pcCode: text(40),
  genericName: text(),
  type: oneOf(challengeTypes),
  startDate: dateTime,
  endDate: dateTime,
  timezone: Type.Optional(timezone),
  imageUrl: Type.Optional(nullable(Type.String({ maxLength: 2048 }))),
  winnerNumber: Type.Integer({ minimum: 0, maximum: 100_000 }),
  rewardExpirationSeconds: Type.Optional(nullable(Type.Integer({ minimum: 0, maximum: 100 * 365 * 86_400 }))),
  status: oneOf(challengeStatuses),
  displayName: Type.Optional(translations),
  description: Type.Optional(translations),
  rewardDetail: Type.Optional(translations),
}
const ChallengeBody = Type.Object(challengeFields)
const ChallengePatch = Type.Partial(Type.Object(challengeFields))
const ChallengeParams = Type.Object({ challengeId: id })
const ChallengesQuery = Type.Object({
  ...listParams,
  pcCode: Type.Optional(text(40)),
  type: Type.Optional(oneOf(challengeTypes)),
  startDate: Type.Optional(dateTime),
  endDate: Type.Optional(dateTime),
  status: Type.Optional(oneOf(challengeStatuses)),
})
const participationFilters = {
  pcCode: Type.Optional(text(40)),
  type: Type.Optional(oneOf(challengeTypes)),
  registerDateSince: Type.Optional(dateTime),
  registerDateUntil: Type.Optional(dateTime),
}
const ParticipationFilters = Type.Object(participationFilters)

/** The participation filters of a query, with its dates as instants. */
const participationFilter = (q: Static<typeof ParticipationFilters>): ParticipationFilter => ({
  pcCode: q.pcCode,
  type: q.type,
  registerDateSince: q.registerDateSince === undefined ? undefined : instant(q.registerDateSince),
  registerDateUntil: q.registerDateUntil === undefined ? undefined : instant(q.registerDateUntil),
})

const ParticipationParams = Type.Object({ ...VisitorParams.properties, visitorChallengeId: id })
const ParticipationPatch = Type.Object({
  points: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  totalEntryCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  bonusEntryCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  lastEntryDate: Type.Optional(nullable(dateTime)),
  rewardUnlocked: Type.Optional(Type.Boolean()),
  rewardReceived: Type.Optional(Type.Boolean()),
})

/** Challenge dates are shown with milliseconds, as the document's examples write them. */
const isoMs = (at: Instant): string => new Date(at).toISOString()

const mapTranslations = (type: string, list: readonly Translation[]) =>
  list.map((t) => ({ creationDate: iso(t.createdAt), updateDate: iso(t.updatedAt), localeCode: t.localeCode, value: t.value, type }))

export const mapChallenge = (c: Challenge) => ({
  pcCode: c.pcCode,
  genericName: c.genericName,
  type: c.type,
  startDate: isoMs(c.startDate),
  endDate: isoMs(c.endDate),
  timezone: c.timezone,
  imageUrl: c.imageUrl,
  winnerNumber: c.winnerNumber,
  rewardExpirationSeconds: c.rewardExpirationSeconds,
  status: c.status,
  displayName: mapTranslations('displayName', c.displayName),
  description: mapTranslations('description', c.description),
  rewardDetail: mapTranslations('rewardDetail', c.rewardDetail),
  challengeId: c.id,
  createdAt: isoMs(c.createdAt),
  updatedAt: isoMs(c.updatedAt),
})
const CHALLENGE_SPEC = listSpec(
  [
    'pcCode',
    'genericName',
    'type',
    'startDate',
    'endDate',
    'timezone',
    'imageUrl',
    'winnerNumber',
    'rewardExpirationSeconds',
    'status',
    'displayName',
    'description',
    'rewardDetail',
    'challengeId',
    'createdAt',
    'updatedAt',
  ],
  ['displayName', 'description', 'rewardDetail'],
)

export const mapParticipation = (v: VisitorChallenge) => ({
  visitorId: v.visitorId,
  challengeId: v.challengeId,
  points: v.points,
  totalEntryCount: v.totalEntryCount,
  bonusEntryCount: v.bonusEntryCount,
  lastEntryDate: isoOrNull(v.lastEntryDate),
  rewardUnlocked: v.rewardUnlocked,
  rewardReceived: v.rewardReceived,
  rewardExpirationDate: isoOrNull(v.rewardExpiresAt),
  registeredDate: iso(v.registeredDate),
  creationDate: iso(v.createdAt),
  updateDate: iso(v.updatedAt),
  visitorChallengeId: v.id,
})
const PARTICIPATION_SPEC = listSpec(
  [
    'visitorId',
    'challengeId',
    'points',
    'totalEntryCount',
    'bonusEntryCount',
    'lastEntryDate',
    'rewardUnlocked',
    'rewardReceived',
    'rewardExpirationDate',
    'registeredDate',
    'creationDate',
    'updateDate',
    'visitorChallengeId',
  ],
  ['rewardExpirationDate'],
)

const mapRankingRow = (r: RankingRow) => ({ position: r.position, name: r.name, points: String(r.participant.points), isVisitorRank: r.isVisitorRank })

const mapRanking = (r: VisitorRanking) => ({
  challenge: mapChallenge(r.challenge),
  visitorChallenge: mapParticipation(r.participant),
  topRanking: r.topRanking.map(mapRankingRow),
  otherRanking: r.otherRanking.map(mapRankingRow),
  bonusActivatedToday: r.bonusActivatedToday,
  visitorRankingPosition: r.position,
  canLogPoints: r.canLogPoints,
})
const RANKING_SPEC = listSpec(
  ['challenge', 'visitorChallenge', 'topRanking', 'otherRanking', 'bonusActivatedToday', 'visitorRankingPosition', 'canLogPoints'],
  ['challenge', 'visitorChallenge', 'topRanking', 'otherRanking', 'bonusActivatedToday', 'visitorRankingPosition', 'canLogPoints'],
)
/** Rankings are listed per participation, so they sort by its fields. */
const RANKING_SORT = listSpec(PARTICIPATION_SPEC.fields, ['rewardExpirationDate'])

const mapLeaderboardRow = (r: RankingRow) => ({
  position: r.position,
  visitorId: r.participant.visitorId,
  visitorChallengeId: r.participant.id,
  name: r.name,
  points: r.participant.points,
  lastEntryDate: isoOrNull(r.participant.lastEntryDate),
  isVisitorRank: r.isVisitorRank,
})

const challengeInput = (b: {
  startDate?: string | undefined
  endDate?: string | undefined
  timezone?: string | undefined
  imageUrl?: string | null | undefined
  rewardExpirationSeconds?: number | null | undefined
}) => ({
  ...(b.startDate !== undefined ? { startDate: instant(b.startDate) } : {}),
  ...(b.endDate !== undefined ? { endDate: instant(b.endDate) } : {}),
  ...(b.timezone !== undefined ? { timezone: b.timezone } : {}),
  ...(b.imageUrl !== undefined ? { imageUrl: b.imageUrl } : {}),
  ...(b.rewardExpirationSeconds !== undefined ? { rewardExpirationSeconds: b.rewardExpirationSeconds } : {}),
})

const WF = 'westfield'

/** Challenges, visitors' participations, rankings, the leaderboard and termination. */
export const challengeRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { challenges } = container

  app.post('/challenges', { schema: { body: ChallengeBody } }, async (req, reply) => {
    const b = req.body
    const input: ChallengeInput = {
      pcCode: b.pcCode,
      genericName: b.genericName,
      type: b.type,
      winnerNumber: b.winnerNumber,
      status: b.status,
      displayName: b.displayName,
      description: b.description,
      rewardDetail: b.rewardDetail,
      startDate: instant(b.startDate),
      endDate: instant(b.endDate),
      timezone: b.timezone ?? null,
      imageUrl: b.imageUrl ?? null,
      rewardExpirationSeconds: b.rewardExpirationSeconds ?? null,
    }
    return reply.status(201).send(one(mapChallenge(await challenges.create(commandContext(req, WF), input))))
  })

  app.get('/challenges', { schema: { querystring: ChallengesQuery } }, async (req) => {
    const q = req.query
    const page = await challenges.list(
      principalOf(req).accountId,
      {
        pcCode: q.pcCode,
        type: q.type,
        status: q.status,
        startDate: q.startDate === undefined ? undefined : instant(q.startDate),
        endDate: q.endDate === undefined ? undefined : instant(q.endDate),
      },
      listQuery(q, CHALLENGE_SPEC),
    )
    return listed(req, q, CHALLENGE_SPEC, page, mapChallenge)
  })

  app.get('/challenges/:challengeId', { schema: { params: ChallengeParams, querystring: Type.Object(fieldsParam) } }, async (req) =>
    single(mapChallenge(await challenges.get(principalOf(req).accountId, req.params.challengeId)), req.query.fields, CHALLENGE_SPEC),
  )

  app.patch('/challenges/:challengeId', { schema: { params: ChallengeParams, body: ChallengePatch } }, async (req) => {
    const { startDate, endDate, timezone: zone, imageUrl, rewardExpirationSeconds, ...rest } = req.body
    const patch = { ...defined(rest), ...challengeInput({ startDate, endDate, timezone: zone, imageUrl, rewardExpirationSeconds }) }
    return one(mapChallenge(await challenges.update(commandContext(req, WF), req.params.challengeId, patch)))
  })

  app.get(
    '/challenges/:challengeId/visitor-challenges',
    { schema: { params: ChallengeParams, querystring: Type.Object({ ...listParams, rewardUnlocked: Type.Optional(Type.Boolean()) }) } },
    async (req) => {
      const page = await challenges.participants(
        principalOf(req).accountId,
        req.params.challengeId,
        req.query.rewardUnlocked,
        listQuery(req.query, PARTICIPATION_SPEC),
      )
      return listed(req, req.query, PARTICIPATION_SPEC, page, mapParticipation)
    },
  )

  /** Answers the ended challenge and the winners whose reward it unlocked. */
  app.post('/challenges/:challengeId/terminate', { schema: { params: ChallengeParams, body: Type.Object({ ignoreEndDate: Type.Boolean() }) } }, async (req) => {
    const { challenge, winners } = await challenges.terminate(commandContext(req, WF), req.params.challengeId, req.body.ignoreEndDate)
    return one({ ...mapChallenge(challenge), winners: winners.map(mapParticipation) })
  })

  app.post(
    '/visitors/:visitorId/challenges',
    { schema: { params: VisitorParams, body: Type.Object({ challengeId: id, registeredAt: Type.Optional(dateTime) }) } },
    async (req, reply) => {
      const b = req.body
      const participation = await challenges.register(
        commandContext(req, WF),
        req.params.visitorId,
        b.challengeId,
        b.registeredAt === undefined ? undefined : instant(b.registeredAt),
      )
      return reply.status(201).send(one(mapParticipation(participation)))
    },
  )

  app.get(
    '/visitors/:visitorId/challenges',
    { schema: { params: VisitorParams, querystring: Type.Object({ ...listParams, ...participationFilters }) } },
    async (req) => {
      const q = req.query
      const page = await challenges.listOfVisitor(principalOf(req).accountId, req.params.visitorId, participationFilter(q), listQuery(q, PARTICIPATION_SPEC))
      return listed(req, q, PARTICIPATION_SPEC, page, mapParticipation)
    },
  )

  /** The ranking rows centred on the visitor: `limit` rows (default 25), `total` counts every participant. */
  app.get(
    '/visitors/:visitorId/challenges/leaderboard',
    {
      schema: {
        params: VisitorParams,
        querystring: Type.Object({ challengeId: id, limit: Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: 25 }) }),
      },
    },
    async (req) => {
      const board = await challenges.leaderboard(principalOf(req).accountId, req.params.visitorId, req.query.challengeId, req.query.limit)
      return many(board.items.map(mapLeaderboardRow), board.total, { self: req.url })
    },
  )

  app.patch('/visitors/:visitorId/challenges/:visitorChallengeId', { schema: { params: ParticipationParams, body: ParticipationPatch } }, async (req) => {
    const { lastEntryDate, ...rest } = req.body
    const patch = { ...defined(rest), ...(lastEntryDate !== undefined ? { lastEntryDate: lastEntryDate === null ? null : instant(lastEntryDate) } : {}) }
    return one(mapParticipation(await challenges.updateParticipation(commandContext(req, WF), req.params.visitorId, req.params.visitorChallengeId, patch)))
  })

  app.post(
    '/visitors/:visitorId/challenges/:visitorChallengeId/points',
    { schema: { params: ParticipationParams, body: Type.Object({ points: Type.Integer({ minimum: 1, maximum: 1_000_000 }) }) } },
    async (req) =>
      one(mapParticipation(await challenges.addPoints(commandContext(req, WF), req.params.visitorId, req.params.visitorChallengeId, req.body.points))),
  )

  app.delete('/visitors/:visitorId/challenges/:visitorChallengeId', { schema: { params: ParticipationParams } }, async (req, reply) => {
    await challenges.removeParticipation(commandContext(req, WF), req.params.visitorId, req.params.visitorChallengeId)
    return reply.status(204).send()
  })

  app.get(
    '/visitors/:visitorId/rankings',
    { schema: { params: VisitorParams, querystring: Type.Object({ ...listParams, ...participationFilters }) } },
    async (req) => {
      const q = req.query
      const page = await challenges.rankings(principalOf(req).accountId, req.params.visitorId, participationFilter(q), {
        offset: q.offset,
        limit: q.limit,
        sort: sortKeys(q.sort, RANKING_SORT),
      })
      return listed(req, q, RANKING_SPEC, page, mapRanking)
    },
  )
}
