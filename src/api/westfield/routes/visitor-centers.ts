import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { one } from '../envelope.js'
import { fieldsParam, listed, listParams, listQuery, single } from '../list.js'
import { mapVisitorCenter, VISITOR_CENTER_SPEC } from '../mappers.js'
import { accountOf, westfieldContext } from '../request.js'
import { VisitorCenterBody, VisitorCenterParams, VisitorCenterPatch, VisitorCenterPut } from '../schemas/visitor-data.js'
import { VisitorParams } from '../schemas.js'

/** The centers a visitor follows, favourite or not. */
export const visitorCenterRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const data = container.visitorData

  app.post('/visitors/:visitorId/centers', { schema: { params: VisitorParams, body: VisitorCenterBody } }, async (req, reply) => {
    const { record } = await data.saveVisitorCenter(westfieldContext(req), req.params.visitorId, req.body, false)
    return reply.status(201).send(one(mapVisitorCenter(record)))
  })
  app.put('/visitors/:visitorId/centers', { schema: { params: VisitorParams, body: VisitorCenterPut } }, async (req, reply) => {
    const { record, created } = await data.saveVisitorCenter(westfieldContext(req), req.params.visitorId, req.body, true)
    return reply.status(created ? 201 : 200).send(one(mapVisitorCenter(record)))
  })
  app.get('/visitors/:visitorId/centers', { schema: { params: VisitorParams, querystring: Type.Object(listParams) } }, async (req) => {
    const page = await data.listVisitorCenters(accountOf(req), req.params.visitorId, listQuery(req.query, VISITOR_CENTER_SPEC))
    return listed(req, req.query, VISITOR_CENTER_SPEC, page, mapVisitorCenter)
  })
  app.get('/visitors/:visitorId/centers/:pcCode', { schema: { params: VisitorCenterParams, querystring: Type.Object(fieldsParam) } }, async (req) =>
    single(mapVisitorCenter(await data.getVisitorCenter(accountOf(req), req.params.visitorId, req.params.pcCode)), req.query.fields, VISITOR_CENTER_SPEC),
  )
  app.patch('/visitors/:visitorId/centers/:pcCode', { schema: { params: VisitorCenterParams, body: VisitorCenterPatch } }, async (req) =>
    one(mapVisitorCenter(await data.updateVisitorCenter(westfieldContext(req), req.params.visitorId, req.params.pcCode, req.body))),
  )
}
