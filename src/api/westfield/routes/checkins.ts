import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { checkinOrigins } from '../../../domain/checkins/checkins.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { one } from '../envelope.js'
import { fieldsParam, listed, listParams, listQuery, single } from '../list.js'
import { CHECKIN_SPEC, instant, mapCheckin } from '../mappers.js'
import { dateTime, id, oneOf, pcCode, text, VisitorParams } from '../schemas.js'

const checkinFields = { pcCode, serviceId: id, origin: oneOf(checkinOrigins) }
const CheckinParams = Type.Object({ visitorId: VisitorParams.properties.visitorId, checkinId: id })

export const checkinRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { checkins } = container

  app.post('/visitors/:visitorId/checkins', { schema: { params: VisitorParams, body: Type.Object(checkinFields) } }, async (req, reply) =>
    reply.status(201).send(one(mapCheckin(await checkins.create(commandContext(req, 'westfield'), req.params.visitorId, req.body)))),
  )
  app.get(
    '/visitors/:visitorId/checkins',
    { schema: { params: VisitorParams, querystring: Type.Object({ ...listParams, pcCode: Type.Optional(pcCode) }) } },
    async (req) => {
      const page = await checkins.listForVisitor(principalOf(req).accountId, req.params.visitorId, req.query.pcCode, listQuery(req.query, CHECKIN_SPEC))
      return listed(req, req.query, CHECKIN_SPEC, page, mapCheckin)
    },
  )
  app.get('/visitors/:visitorId/checkins/:checkinId', { schema: { params: CheckinParams, querystring: Type.Object(fieldsParam) } }, async (req) =>
    single(mapCheckin(await checkins.get(principalOf(req).accountId, req.params.visitorId, req.params.checkinId)), req.query.fields, CHECKIN_SPEC),
  )
  app.delete('/visitors/:visitorId/checkins/:checkinId', { schema: { params: CheckinParams } }, async (req, reply) => {
    await checkins.remove(commandContext(req, 'westfield'), req.params.visitorId, req.params.checkinId)
    return reply.status(204).send()
  })
  app.post('/checkins', { schema: { body: Type.Object({ barcode: text(), ...checkinFields }) } }, async (req, reply) => {
    const { barcode, ...input } = req.body
    return reply.status(201).send(one(mapCheckin(await checkins.createByBarcode(commandContext(req, 'westfield'), barcode, input))))
  })
  app.get(
    '/checkins',
    {
      schema: {
        querystring: Type.Object({
          ...listParams,
          pcCode: Type.Optional(pcCode),
          serviceId: Type.Optional(id),
          checkedInSince: Type.Optional(dateTime),
          checkedInUntil: Type.Optional(dateTime),
        }),
      },
    },
    async (req) => {
      const q = req.query
      const page = await checkins.list(
        principalOf(req).accountId,
        {
          pcCode: q.pcCode,
          serviceId: q.serviceId,
          since: q.checkedInSince === undefined ? undefined : instant(q.checkedInSince),
          until: q.checkedInUntil === undefined ? undefined : instant(q.checkedInUntil),
        },
        listQuery(q, CHECKIN_SPEC),
      )
      return listed(req, q, CHECKIN_SPEC, page, mapCheckin)
    },
  )
}
