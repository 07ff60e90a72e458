import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { principalOf } from '../../shared/request.js'
import { ok } from '../envelope.js'
import { mapCreditReception, pageMeta } from '../mappers.js'
import { uuid } from '../schemas.js'

const ListQuery = Type.Object({
  contact_uuid: Type.Optional(uuid),
  shop_uuid: Type.Optional(uuid),
  type: Type.Optional(Type.Union([Type.Literal('credit_receptions'), Type.Literal('reward_receptions')])),
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  page: Type.Optional(Type.Integer({ minimum: 1 })),
})

/**
 * Every change of a credit balance made through credit receptions, newest
 * first. This server has no reward receptions, so `type=reward_receptions`
 * lists nothing.
 */
export const loyaltyTransactionRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  /** @throws 55031, 1008 */
  app.get('/loyalty-transactions', { schema: { querystring: ListQuery } }, async (req) => {
    const q = req.query
    const page = { page: q.page ?? 1, perPage: q.limit ?? 10 }
    const found = await container.creditReceptions.list(principalOf(req).accountId, { contactUuid: q.contact_uuid, shopUuid: q.shop_uuid }, page)
    const result = q.type === 'reward_receptions' ? { ...found, items: [], total: 0 } : found
    return ok(result.items.map(mapCreditReception), pageMeta(result))
  })
}
