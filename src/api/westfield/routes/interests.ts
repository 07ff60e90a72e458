import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import type { Interest } from '../../../domain/interests/interests.js'
import { commandContext } from '../../shared/request.js'
import { one } from '../envelope.js'
import { listSpec } from '../list.js'
import { iso } from '../mappers.js'
import { text, VisitorParams } from '../schemas.js'
import { visitorOwnedRoutes } from '../visitor-owned.js'

const InterestBody = Type.Object({ externalId: text(), label: text() })

const mapInterest = (i: Interest) => ({
  externalId: i.externalId,
  label: i.label,
  interestId: i.id,
  visitorId: i.visitorId,
  creationDate: iso(i.createdAt),
  updateDate: iso(i.updatedAt),
})
const INTEREST_SPEC = listSpec(['externalId', 'label', 'interestId', 'visitorId', 'creationDate', 'updateDate'])

/** A visitor's interests. */
export const interestRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const { interests } = container
  visitorOwnedRoutes(fastify, {
    collection: 'interests',
    idParam: 'interestId',
    spec: INTEREST_SPEC,
    map: mapInterest,
    create: { body: InterestBody, run: (ctx, visitorId, body) => interests.create(ctx, visitorId, body) },
    list: { filters: {}, run: (accountId, visitorId, _q, list) => interests.list(accountId, visitorId, list) },
    get: (accountId, visitorId, id) => interests.get(accountId, visitorId, id),
    remove: (ctx, visitorId, id) => interests.remove(ctx, visitorId, id),
  })

  /** Replaces the whole list; answers the new list. */
  fastify
    .withTypeProvider<TypeBoxTypeProvider>()
    .put('/visitors/:visitorId/interests', { schema: { params: VisitorParams, body: Type.Array(InterestBody, { maxItems: 500 }) } }, async (req) => {
      const list = await interests.replace(commandContext(req, 'westfield'), req.params.visitorId, req.body)
      return one(list.map(mapInterest))
    })
}
