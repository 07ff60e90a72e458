import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { DomainError } from '../../../domain/shared/errors.js'
import { externalTypes } from '../../../domain/visitors/visitor-data.js'
import { many, one } from '../envelope.js'
import { fieldsParam, listed, listParams, listQuery, single } from '../list.js'
import { EXTERNAL_ID_SPEC, mapExternalId } from '../mappers.js'
import { accountOf, westfieldContext } from '../request.js'
import { commaList, ExternalIdBody, ExternalTypeParams, externalType, PcCodeQuery } from '../schemas/visitor-data.js'
import { pcCode, text, VisitorParams } from '../schemas.js'

/** A visitor's ids in other systems (a CRM, a parking operator, analytics), one per type and center. */
export const externalIdRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const data = container.visitorData

  app.post('/visitors/:visitorId/external-ids', { schema: { params: VisitorParams, body: ExternalIdBody } }, async (req, reply) => {
    const record = await data.addExternalId(westfieldContext(req), req.params.visitorId, { ...req.body, pcCode: req.body.pcCode ?? null })
    return reply.status(201).send(one(mapExternalId(record)))
  })
  app.get(
    '/visitors/:visitorId/external-ids',
    { schema: { params: VisitorParams, querystring: Type.Object({ ...listParams, ...PcCodeQuery.properties }) } },
    async (req) => {
      const page = await data.listExternalIds(accountOf(req), req.params.visitorId, req.query.pcCode, listQuery(req.query, EXTERNAL_ID_SPEC))
      return listed(req, req.query, EXTERNAL_ID_SPEC, page, mapExternalId)
    },
  )
  app.get(
    '/visitors/:visitorId/external-ids/:externalType',
    { schema: { params: ExternalTypeParams, querystring: Type.Object({ ...fieldsParam, ...PcCodeQuery.properties }) } },
    async (req) =>
      single(
        mapExternalId(await data.getExternalId(accountOf(req), req.params.visitorId, req.params.externalType, req.query.pcCode)),
        req.query.fields,
        EXTERNAL_ID_SPEC,
      ),
  )
  app.delete('/visitors/:visitorId/external-ids/:externalType', { schema: { params: ExternalTypeParams, querystring: PcCodeQuery } }, async (req, reply) => {
    await data.removeExternalId(westfieldContext(req), req.params.visitorId, req.params.externalType, req.query.pcCode)
    return reply.status(204).send()
  })
  app.get(
    '/visitors/by-external-id',
    { schema: { querystring: Type.Object({ externalType, externalId: text(), pcCode: Type.Optional(pcCode), ...fieldsParam }) } },
    async (req) =>
      single(
        mapExternalId(await data.findByExternalId(accountOf(req), req.query.externalType, req.query.externalId, req.query.pcCode)),
        req.query.fields,
        EXTERNAL_ID_SPEC,
      ),
  )
  app.get(
    '/visitors/analytics-ids',
    { schema: { querystring: Type.Object({ visitorId: text(20_000), externalType: Type.Optional(text(2000)), pcCode: Type.Optional(pcCode) }) } },
    async (req) => {
      const types = commaList(req.query.externalType ?? '')
      const unknown = types.filter((t) => !(externalTypes as readonly string[]).includes(t))
      if (unknown.length) throw new DomainError('validation.invalid', { field: 'externalType', reason: `unknown external types: ${unknown.join(', ')}` })
      const records = await data.analyticsIds(accountOf(req), commaList(req.query.visitorId), types, req.query.pcCode)
      return many(records.map(mapExternalId), records.length, { self: req.url })
    },
  )
}
