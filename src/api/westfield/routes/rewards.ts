import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { type RewardView, upgradeOrigins } from '../../../domain/rewards/rewards.js'
import { toDecimalNumber } from '../../../domain/shared/amounts.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { one } from '../envelope.js'
import { fieldsParam, listed, listParams, listQuery, listSpec, single } from '../list.js'
import { instant, instantOrNull, iso, isoOrNull } from '../mappers.js'
import { dateTime, id, nullable, oneOf, pcCode, VisitorParams } from '../schemas.js'
import { defined, toMinor } from './engagement-common.js'

const balance = Type.Number({ minimum: 0, maximum: 1e12, description: 'Decimal, at most two places' })
const rewardFields = {
  endDate: Type.Optional(nullable(dateTime)),
  isScan: Type.Optional(Type.Boolean()),
  isBank: Type.Optional(Type.Boolean()),
  isRestaurant: Type.Optional(Type.Boolean()),
  outsideOptin: Type.Boolean(),
  lastPurchaseDate: Type.Optional(nullable(dateTime)),
  externalId: Type.Optional(Type.String({ format: 'uuid' })),
  upgradedFrom: Type.Optional(oneOf(upgradeOrigins)),
}
const RewardBody = Type.Object({ ...rewardFields, pcCode, startDate: dateTime, balance, threshold: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }) })
const RewardPatch = Type.Object({
  ...rewardFields,
  startDate: Type.Optional(dateTime),
  balance: Type.Optional(balance),
  threshold: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
})
const RewardParams = Type.Object({ ...VisitorParams.properties, rewardId: id })

export const mapReward = ({ reward: r, balance: b, isConverted }: RewardView) => ({
  rewardId: r.id,
  visitorId: r.visitorId,
  isConverted,
  pcCode: r.pcCode,
  startDate: iso(r.startDate),
  endDate: isoOrNull(r.endDate),
  balance: toDecimalNumber(b),
  isScan: r.isScan,
  isBank: r.isBank,
  isRestaurant: r.isRestaurant,
  outsideOptin: r.outsideOptin,
  threshold: r.threshold,
  lastPurchaseDate: isoOrNull(r.lastPurchaseDate),
  externalId: r.externalId,
  upgradedFrom: r.upgradedFrom,
  creationDate: iso(r.createdAt),
  updateDate: iso(r.updatedAt),
})
/** The balance lives on the ledger, so lists sort by the reward's own fields. */
const REWARD_SPEC = listSpec(
  [
    'rewardId',
    'visitorId',
    'isConverted',
    'pcCode',
    'startDate',
    'endDate',
    'balance',
    'isScan',
    'isBank',
    'isRestaurant',
    'outsideOptin',
    'threshold',
    'lastPurchaseDate',
    'externalId',
    'upgradedFrom',
    'creationDate',
    'updateDate',
  ],
  ['balance', 'isConverted'],
)

/** Rewards of visitors per center, their balances on the shared ledger. */
export const rewardRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { rewards } = container

  app.post('/visitors/:visitorId/rewards', { schema: { params: VisitorParams, body: RewardBody } }, async (req, reply) => {
    const b = req.body
    const view = await rewards.create(commandContext(req, 'westfield'), req.params.visitorId, {
      pcCode: b.pcCode,
      startDate: instant(b.startDate),
      endDate: instantOrNull(b.endDate) ?? null,
      balance: toMinor(b.balance, 'balance'),
      isScan: b.isScan ?? false,
      isBank: b.isBank ?? false,
      isRestaurant: b.isRestaurant ?? false,
      outsideOptin: b.outsideOptin,
      threshold: b.threshold,
      lastPurchaseDate: instantOrNull(b.lastPurchaseDate) ?? null,
      externalId: b.externalId ?? null,
      upgradedFrom: b.upgradedFrom ?? null,
    })
    return reply.status(201).send(one(mapReward(view)))
  })

  app.get(
    '/visitors/:visitorId/rewards',
    { schema: { params: VisitorParams, querystring: Type.Object({ ...listParams, pcCode: Type.Optional(pcCode) }) } },
    async (req) => {
      const page = await rewards.list(principalOf(req).accountId, req.params.visitorId, req.query.pcCode, listQuery(req.query, REWARD_SPEC))
      return listed(req, req.query, REWARD_SPEC, page, mapReward)
    },
  )

  app.get('/visitors/:visitorId/rewards/:rewardId', { schema: { params: RewardParams, querystring: Type.Object(fieldsParam) } }, async (req) =>
    single(mapReward(await rewards.get(principalOf(req).accountId, req.params.visitorId, req.params.rewardId)), req.query.fields, REWARD_SPEC),
  )

  app.patch('/visitors/:visitorId/rewards/:rewardId', { schema: { params: RewardParams, body: RewardPatch } }, async (req) => {
    const { startDate, endDate, lastPurchaseDate, balance: newBalance, ...rest } = req.body
    const view = await rewards.update(commandContext(req, 'westfield'), req.params.visitorId, req.params.rewardId, {
      ...defined(rest),
      ...(startDate !== undefined ? { startDate: instant(startDate) } : {}),
      ...(endDate !== undefined ? { endDate: instantOrNull(endDate) ?? null } : {}),
      ...(lastPurchaseDate !== undefined ? { lastPurchaseDate: instantOrNull(lastPurchaseDate) ?? null } : {}),
      ...(newBalance !== undefined ? { balance: toMinor(newBalance, 'balance') } : {}),
    })
    return one(mapReward(view))
  })
}
