import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import type { Interest } from '../../../domain/interests/interests.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { one } from '../envelope.js'
import { fieldsParam, listed, listParams, listQuery, listSpec, single } from '../list.js'
import { iso } from '../mappers.js'
import { id, text, VisitorParams } from '../schemas.js'

const InterestBody = Type.Object({ externalId: text(), label: text() })
const InterestParams = Type.Object({ ...VisitorParams.properties, interestId: id })

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
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { interests } = container

  app.post('/visitors/:visitorId/interests', { schema: { params: VisitorParams, body: InterestBody } }, async (req, reply) => {
    const interest = await interests.create(commandContext(req, 'westfield'), req.params.visitorId, req.body)
    return reply.status(201).send(one(mapInterest(interest)))
  })

  app.get('/visitors/:visitorId/interests', { schema: { params: VisitorParams, querystring: Type.Object(listParams) } }, async (req) => {
    const page = await interests.list(principalOf(req).accountId, req.params.visitorId, listQuery(req.query, INTEREST_SPEC))
    return listed(req, req.query, INTEREST_SPEC, page, mapInterest)
  })

  /** Replaces the whole list; answers the new list. */
  app.put('/visitors/:visitorId/interests', { schema: { params: VisitorParams, body: Type.Array(InterestBody, { maxItems: 500 }) } }, async (req) => {
    const list = await interests.replace(commandContext(req, 'westfield'), req.params.visitorId, req.body)
    return one(list.map(mapInterest))
  })

  app.get('/visitors/:visitorId/interests/:interestId', { schema: { params: InterestParams, querystring: Type.Object(fieldsParam) } }, async (req) =>
    single(mapInterest(await interests.get(principalOf(req).accountId, req.params.visitorId, req.params.interestId)), req.query.fields, INTEREST_SPEC),
  )

  app.delete('/visitors/:visitorId/interests/:interestId', { schema: { params: InterestParams } }, async (req, reply) => {
    await interests.remove(commandContext(req, 'westfield'), req.params.visitorId, req.params.interestId)
    return reply.status(204).send()
  })
}
