import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { type SmartparkingVisit, visitTypes } from '../../../domain/parking/parking.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { one } from '../envelope.js'
import { listed, listParams, listQuery, listSpec } from '../list.js'
import { iso } from '../mappers.js'
import { oneOf, text } from '../schemas.js'
import { boundOf, dateOrDateTime } from './engagement-common.js'

const ids = {
  visitorId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  barcode: Type.Optional(text(128)),
  licensePlate: Type.Optional(text(20)),
}
const VisitBody = Type.Object({ ...ids, pcCode: text(40), visitType: oneOf(visitTypes) })
const VisitsQuery = Type.Object({
  ...listParams,
  ...ids,
  pcCode: text(40),
  visitType: Type.Optional(oneOf(visitTypes)),
  visitDateSince: Type.Optional(Type.Unsafe<string>(dateOrDateTime)),
  visitDateUntil: Type.Optional(Type.Unsafe<string>(dateOrDateTime)),
})

const mapVisit = (v: SmartparkingVisit) => ({
  visitorId: v.visitorId,
  pcCode: v.pcCode,
  visitDate: iso(v.visitDate),
  visitType: v.visitType,
  licensePlate: v.licensePlate,
})
const VISIT_SPEC = listSpec(['visitorId', 'pcCode', 'visitDate', 'visitType', 'licensePlate'])

/** Smartparking car park gates: entries and exits of identified visitors. */
export const smartparkingRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.post('/smartparking/visits', { schema: { body: VisitBody } }, async (req, reply) => {
    const b = req.body
    const visit = await container.parking.recordVisit(
      commandContext(req, 'westfield'),
      { visitorId: b.visitorId, barcode: b.barcode, licensePlate: b.licensePlate },
      b.pcCode,
      b.visitType,
    )
    return reply.status(201).send(one(mapVisit(visit)))
  })

  app.get('/smartparking/visits', { schema: { querystring: VisitsQuery } }, async (req) => {
    const q = req.query
    const { accountId, timeZone } = principalOf(req)
    const page = await container.parking.listVisits(
      accountId,
      { visitorId: q.visitorId, barcode: q.barcode, licensePlate: q.licensePlate },
      {
        pcCode: q.pcCode,
        visitType: q.visitType,
        since: boundOf(q.visitDateSince, 'visitDateSince', timeZone, false),
        until: boundOf(q.visitDateUntil, 'visitDateUntil', timeZone, true),
      },
      listQuery(q, VISIT_SPEC),
    )
    return listed(req, q, VISIT_SPEC, page, mapVisit)
  })
}
