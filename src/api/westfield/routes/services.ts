import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { themeCategories } from '../../../domain/offers/offers.js'
import { one } from '../envelope.js'
import { fieldsParam, listed, listParams, listQuery, single } from '../list.js'
import {
  instant,
  instantOrNull,
  mapService,
  mapServiceSegment,
  mapServiceShop,
  mapTarget,
  mapTargetLink,
  mapTheme,
  mapThemeLink,
  SERVICE_SEGMENT_SPEC,
  SERVICE_SPEC,
  SERVICE_STORE_SPEC,
  TARGET_LINK_SPEC,
  TARGET_SPEC,
  THEME_LINK_SPEC,
  THEME_SPEC,
} from '../mappers.js'
import { accountOf, westfieldContext } from '../request.js'
import { dateTime, id, nullable, oneOf, pcCode, text } from '../schemas.js'
import { defined } from './engagement-common.js'

const serviceFields = {
  pcCode,
  name: text(),
  category: text(),
  useRate: text(),
  daysOfUse: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { maxItems: 7, uniqueItems: true, description: '0 (Sunday) to 6 (Saturday)' }),
  colorCode: Type.String({ pattern: '^#[0-9A-Fa-f]{6}$', description: '#RRGGBB' }),
  isPremium: Type.Optional(Type.Boolean()),
  undeletable: Type.Optional(Type.Boolean()),
  startDate: Type.Optional(nullable(dateTime)),
  endDate: Type.Optional(nullable(dateTime)),
}
const ServiceBody = Type.Object(serviceFields)
const ServicePatch = Type.Partial(ServiceBody)
const ServiceParams = Type.Object({ serviceId: id })
const category = oneOf(themeCategories)

export const serviceRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { offers: services } = container

  app.post('/services', { schema: { body: ServiceBody } }, async (req, reply) => {
    const b = req.body
    const view = await services.create(westfieldContext(req), {
      pcCode: b.pcCode,
      name: b.name,
      category: b.category,
      useRate: b.useRate,
      daysOfUse: b.daysOfUse,
      colorCode: b.colorCode,
      isPremium: b.isPremium ?? false,
      undeletable: b.undeletable ?? false,
      startDate: instantOrNull(b.startDate) ?? null,
      endDate: instantOrNull(b.endDate) ?? null,
    })
    return reply.status(201).send(one(mapService(view)))
  })
  app.get(
    '/services',
    {
      schema: {
        querystring: Type.Object({
          ...listParams,
          pcCode: Type.Optional(pcCode),
          endDateSince: Type.Optional(dateTime),
          endDateUntil: Type.Optional(dateTime),
        }),
      },
    },
    async (req) => {
      const q = req.query
      const page = await services.list(
        accountOf(req),
        {
          pcCode: q.pcCode,
          endDateSince: q.endDateSince === undefined ? undefined : instant(q.endDateSince),
          endDateUntil: q.endDateUntil === undefined ? undefined : instant(q.endDateUntil),
        },
        listQuery(q, SERVICE_SPEC),
      )
      return listed(req, q, SERVICE_SPEC, page, mapService)
    },
  )
  app.get('/services/:serviceId', { schema: { params: ServiceParams, querystring: Type.Object(fieldsParam) } }, async (req) =>
    single(mapService(await services.get(accountOf(req), req.params.serviceId)), req.query.fields, SERVICE_SPEC),
  )
  app.patch('/services/:serviceId', { schema: { params: ServiceParams, body: ServicePatch } }, async (req) => {
    const b = req.body
    const view = await services.update(
      westfieldContext(req),
      req.params.serviceId,
      defined({ ...b, startDate: instantOrNull(b.startDate), endDate: instantOrNull(b.endDate) }),
    )
    return one(mapService(view))
  })

  app.get('/services/:serviceId/stores', { schema: { params: ServiceParams, querystring: Type.Object(listParams) } }, async (req) => {
    const page = await services.listStores(accountOf(req), req.params.serviceId, listQuery(req.query, SERVICE_STORE_SPEC))
    return listed(req, req.query, SERVICE_STORE_SPEC, page, mapServiceShop)
  })
  app.post('/services/:serviceId/stores', { schema: { params: ServiceParams, body: Type.Object({ storeId: id, storeName: text() }) } }, async (req, reply) =>
    reply.status(201).send(one(mapServiceShop(await services.addStore(westfieldContext(req), req.params.serviceId, req.body)))),
  )
  app.delete('/services/:serviceId/stores/:storeId', { schema: { params: Type.Object({ serviceId: id, storeId: id }) } }, async (req, reply) => {
    await services.removeStore(westfieldContext(req), req.params.serviceId, req.params.storeId)
    return reply.status(204).send()
  })

  app.get('/services/:serviceId/segments', { schema: { params: ServiceParams, querystring: Type.Object(listParams) } }, async (req) => {
    const page = await services.listSegments(accountOf(req), req.params.serviceId, listQuery(req.query, SERVICE_SEGMENT_SPEC))
    return listed(req, req.query, SERVICE_SEGMENT_SPEC, page, mapServiceSegment)
  })
  app.post(
    '/services/:serviceId/segments',
    { schema: { params: ServiceParams, body: Type.Object({ segmentId: id, segmentName: text() }) } },
    async (req, reply) => reply.status(201).send(one(mapServiceSegment(await services.addSegment(westfieldContext(req), req.params.serviceId, req.body)))),
  )
  app.delete('/services/:serviceId/segments/:segmentId', { schema: { params: Type.Object({ serviceId: id, segmentId: id }) } }, async (req, reply) => {
    await services.removeSegment(westfieldContext(req), req.params.serviceId, req.params.segmentId)
    return reply.status(204).send()
  })

  app.get('/services/:serviceId/themes', { schema: { params: ServiceParams, querystring: Type.Object(listParams) } }, async (req) => {
    const page = await services.listThemes(accountOf(req), req.params.serviceId, listQuery(req.query, THEME_LINK_SPEC))
    return listed(req, req.query, THEME_LINK_SPEC, page, mapThemeLink)
  })
  app.post('/services/:serviceId/themes', { schema: { params: ServiceParams, body: Type.Object({ serviceThemeId: id }) } }, async (req, reply) =>
    reply.status(201).send(one(mapThemeLink(await services.addTheme(westfieldContext(req), req.params.serviceId, req.body.serviceThemeId)))),
  )
  app.delete('/services/:serviceId/themes/:serviceThemeId', { schema: { params: Type.Object({ serviceId: id, serviceThemeId: id }) } }, async (req, reply) => {
    await services.removeTheme(westfieldContext(req), req.params.serviceId, req.params.serviceThemeId)
    return reply.status(204).send()
  })

  app.get('/services/:serviceId/targets', { schema: { params: ServiceParams, querystring: Type.Object(listParams) } }, async (req) => {
    const page = await services.listTargets(accountOf(req), req.params.serviceId, listQuery(req.query, TARGET_LINK_SPEC))
    return listed(req, req.query, TARGET_LINK_SPEC, page, mapTargetLink)
  })
  app.post('/services/:serviceId/targets', { schema: { params: ServiceParams, body: Type.Object({ serviceTargetId: id }) } }, async (req, reply) =>
    reply.status(201).send(one(mapTargetLink(await services.addTarget(westfieldContext(req), req.params.serviceId, req.body.serviceTargetId)))),
  )
  app.delete(
    '/services/:serviceId/targets/:serviceTargetId',
    { schema: { params: Type.Object({ serviceId: id, serviceTargetId: id }) } },
    async (req, reply) => {
      await services.removeTarget(westfieldContext(req), req.params.serviceId, req.params.serviceTargetId)
      return reply.status(204).send()
    },
  )

  app.post('/service-themes', { schema: { body: Type.Object({ value: text(), category, deprecated: Type.Optional(Type.Boolean()) }) } }, async (req, reply) =>
    reply.status(201).send(one(mapTheme(await services.createTheme(westfieldContext(req), { ...req.body, deprecated: req.body.deprecated ?? false })))),
  )
  app.get('/service-themes', { schema: { querystring: Type.Object(listParams) } }, async (req) =>
    listed(req, req.query, THEME_SPEC, await services.listCatalogueThemes(accountOf(req), listQuery(req.query, THEME_SPEC)), mapTheme),
  )
  app.patch(
    '/service-themes/:serviceThemeId',
    {
      schema: {
        params: Type.Object({ serviceThemeId: id }),
        body: Type.Object({ value: Type.Optional(text()), category: Type.Optional(category), deprecated: Type.Optional(Type.Boolean()) }),
      },
    },
    async (req) => one(mapTheme(await services.updateTheme(westfieldContext(req), req.params.serviceThemeId, defined(req.body)))),
  )
  app.post('/service-targets', { schema: { body: Type.Object({ value: text() }) } }, async (req, reply) =>
    reply.status(201).send(one(mapTarget(await services.createTarget(westfieldContext(req), req.body.value)))),
  )
  app.get('/service-targets', { schema: { querystring: Type.Object(listParams) } }, async (req) =>
    listed(req, req.query, TARGET_SPEC, await services.listCatalogueTargets(accountOf(req), listQuery(req.query, TARGET_SPEC)), mapTarget),
  )
  app.patch(
    '/service-targets/:serviceTargetId',
    { schema: { params: Type.Object({ serviceTargetId: id }), body: Type.Object({ value: Type.Optional(text()) }) } },
    async (req) => one(mapTarget(await services.updateTarget(westfieldContext(req), req.params.serviceTargetId, req.body.value))),
  )
}
