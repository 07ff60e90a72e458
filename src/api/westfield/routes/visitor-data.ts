import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { DomainError } from '../../../domain/shared/errors.js'
import { bookmarkSources, bookmarkTypes, externalTypes, platforms } from '../../../domain/visitors/visitor-data.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { many, one } from '../envelope.js'
import { fieldsParam, listed, listParams, listQuery, single } from '../list.js'
import {
  APP_SPEC,
  BOOKMARK_SPEC,
  DEVICE_SPEC,
  EXTERNAL_ID_SPEC,
  instant,
  iso,
  LOCALE_SPEC,
  mapApp,
  mapBookmark,
  mapDevice,
  mapExternalId,
  mapSession,
  mapVisitorCenter,
  mapVisitorLocale,
  SESSION_SPEC,
  VISITOR_CENTER_SPEC,
  VISITOR_LOCALE_SPEC,
} from '../mappers.js'
import { dateTime, freeText, id, nullable, oneOf, pcCode, text, urwAppId, VisitorParams } from '../schemas.js'

const creatableExternalTypes = ['designa', 'facebook', 'google', 'cognito', 'partner', 'crm_id', 'pas', 'fid', 'wifi_device_id', 'analytics'] as const
const externalType = oneOf(externalTypes)
const commaList = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')

const ExternalIdBody = Type.Object({ externalId: text(), pcCode: Type.Optional(nullable(pcCode)), externalType: oneOf(creatableExternalTypes) })
const PcCodeQuery = Type.Object({ pcCode: Type.Optional(pcCode) })
const ExternalTypeParams = Type.Object({ visitorId: VisitorParams.properties.visitorId, externalType })
const BookmarkBody = Type.Object({
  pcCode,
  externalId: text(),
  label: text(),
  bookmarkType: oneOf(bookmarkTypes),
  source: oneOf(bookmarkSources),
})
const BookmarkParams = Type.Object({ visitorId: VisitorParams.properties.visitorId, bookmarkId: id })
const companyId = Type.Optional(nullable(id))
const VisitorCenterBody = Type.Object({
  pcCode,
  isTlp: Type.Optional(Type.Boolean()),
  isFavorite: Type.Boolean(),
  isSmartparker: Type.Optional(Type.Boolean()),
  centerCompanyId: companyId,
})
const VisitorCenterPut = Type.Object({ ...VisitorCenterBody.properties, isFavorite: Type.Optional(Type.Boolean()) })
const VisitorCenterPatch = Type.Object({
  isTlp: Type.Optional(Type.Boolean()),
  isFavorite: Type.Optional(Type.Boolean()),
  isSmartparker: Type.Optional(Type.Boolean()),
  centerCompanyId: companyId,
})
const VisitorCenterParams = Type.Object({ visitorId: VisitorParams.properties.visitorId, pcCode })
const optionalText = Type.Optional(freeText())
const DeviceBody = Type.Object({
  maker: optionalText,
  model: optionalText,
  osVersion: Type.Optional(Type.String({ maxLength: 64 })),
  token: text(1000),
  locale: optionalText,
  platform: oneOf(platforms),
  timezone: optionalText,
  mobileCarrier: optionalText,
  notificationToken: text(4096),
  urwAppId,
})
const DeviceParams = Type.Object({ visitorId: VisitorParams.properties.visitorId, deviceId: id })
const LocaleBody = Type.Object({ localeCode: Type.String({ pattern: '^[A-Za-z]{2,3}([-_][A-Za-z]{2})?$' }) })
const LocaleParams = Type.Object({ visitorId: VisitorParams.properties.visitorId, localeCode: LocaleBody.properties.localeCode })
const SessionBody = Type.Object({
  pcCode,
  guid: text(),
  gameId: text(),
  gameName: text(),
  optin: Type.Optional(Type.Boolean()),
  isContest: Type.Optional(Type.Boolean()),
  isWelcomeJourney: Type.Optional(Type.Boolean()),
  isWelcomeOffer: Type.Optional(Type.Boolean()),
  isWifit: Type.Optional(Type.Boolean()),
  isSynchronized: Type.Optional(Type.Boolean()),
})
const SessionParams = Type.Object({ visitorId: VisitorParams.properties.visitorId, guid: text() })
const NamedRefs = Type.Array(Type.Object({ id: text(), name: text() }), { minItems: 1, maxItems: 500 })

export const visitorDataRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const data = container.visitorData
  const ctx = (req: Parameters<typeof commandContext>[0]) => commandContext(req, 'westfield')
  const accountOf = (req: Parameters<typeof principalOf>[0]) => principalOf(req).accountId

  // External ids
  app.post('/visitors/:visitorId/external-ids', { schema: { params: VisitorParams, body: ExternalIdBody } }, async (req, reply) => {
    const record = await data.addExternalId(ctx(req), req.params.visitorId, { ...req.body, pcCode: req.body.pcCode ?? null })
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
    await data.removeExternalId(ctx(req), req.params.visitorId, req.params.externalType, req.query.pcCode)
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

  // Bookmarks
  app.post('/visitors/:visitorId/bookmarks', { schema: { params: VisitorParams, body: BookmarkBody } }, async (req, reply) =>
    reply.status(201).send(one(mapBookmark(await data.bookmarks.create(ctx(req), req.params.visitorId, req.body)))),
  )
  app.get(
    '/visitors/:visitorId/bookmarks',
    { schema: { params: VisitorParams, querystring: Type.Object({ ...listParams, bookmarkType: Type.Optional(oneOf(bookmarkTypes)) }) } },
    async (req) => {
      const where = req.query.bookmarkType ? { all: [['bookmarkType', { op: 'eq', value: req.query.bookmarkType }] as const] } : {}
      const page = await data.bookmarks.list(accountOf(req), req.params.visitorId, where, listQuery(req.query, BOOKMARK_SPEC))
      return listed(req, req.query, BOOKMARK_SPEC, page, mapBookmark)
    },
  )
  app.get('/visitors/:visitorId/bookmarks/:bookmarkId', { schema: { params: BookmarkParams, querystring: Type.Object(fieldsParam) } }, async (req) =>
    single(mapBookmark(await data.bookmarks.get(accountOf(req), req.params.visitorId, req.params.bookmarkId)), req.query.fields, BOOKMARK_SPEC),
  )
  app.delete('/visitors/:visitorId/bookmarks/:bookmarkId', { schema: { params: BookmarkParams } }, async (req, reply) => {
    await data.bookmarks.remove(ctx(req), req.params.visitorId, req.params.bookmarkId)
    return reply.status(204).send()
  })

  // Visitor centers
  app.post('/visitors/:visitorId/centers', { schema: { params: VisitorParams, body: VisitorCenterBody } }, async (req, reply) => {
    const { record } = await data.saveVisitorCenter(ctx(req), req.params.visitorId, req.body, false)
    return reply.status(201).send(one(mapVisitorCenter(record)))
  })
  app.put('/visitors/:visitorId/centers', { schema: { params: VisitorParams, body: VisitorCenterPut } }, async (req, reply) => {
    const { record, created } = await data.saveVisitorCenter(ctx(req), req.params.visitorId, req.body, true)
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
    one(mapVisitorCenter(await data.updateVisitorCenter(ctx(req), req.params.visitorId, req.params.pcCode, req.body))),
  )

  // Devices and apps
  app.put('/visitors/:visitorId/devices', { schema: { params: VisitorParams, body: DeviceBody } }, async (req, reply) => {
    const b = req.body
    const { device, created } = await data.registerDevice(ctx(req), req.params.visitorId, {
      token: b.token,
      maker: b.maker ?? null,
      model: b.model ?? null,
      osVersion: b.osVersion ?? null,
      locale: b.locale ?? null,
      platform: b.platform,
      timezone: b.timezone ?? null,
      mobileCarrier: b.mobileCarrier ?? null,
      notificationToken: b.notificationToken,
      urwAppId: b.urwAppId,
    })
    return reply.status(created ? 201 : 200).send(one(mapDevice(device)))
  })
  app.get('/visitors/:visitorId/devices', { schema: { params: VisitorParams, querystring: Type.Object(listParams) } }, async (req) => {
    const page = await data.listDevices(accountOf(req), req.params.visitorId, listQuery(req.query, DEVICE_SPEC))
    return listed(req, req.query, DEVICE_SPEC, page, mapDevice)
  })
  app.get('/visitors/:visitorId/devices/:deviceId', { schema: { params: DeviceParams, querystring: Type.Object(fieldsParam) } }, async (req) =>
    single(mapDevice(await data.getDevice(accountOf(req), req.params.visitorId, req.params.deviceId)), req.query.fields, DEVICE_SPEC),
  )
  app.delete('/visitors/:visitorId/devices/:deviceId', { schema: { params: DeviceParams } }, async (req, reply) => {
    await data.removeDevice(ctx(req), req.params.visitorId, req.params.deviceId)
    return reply.status(204).send()
  })
  app.get('/visitors/:visitorId/devices/:deviceId/apps', { schema: { params: DeviceParams, querystring: Type.Object(listParams) } }, async (req) => {
    const page = await data.listApps(accountOf(req), req.params.visitorId, req.params.deviceId, listQuery(req.query, APP_SPEC))
    return listed(req, req.query, APP_SPEC, page, mapApp)
  })

  // Event token
  app.get('/visitors/:visitorId/event-token', { schema: { params: VisitorParams, querystring: Type.Object({ companyId: text(64) }) } }, async (req) => {
    const token = await data.eventToken(accountOf(req), req.params.visitorId, req.query.companyId)
    return one({ token: token.token, expiresAt: iso(token.expiresAt) })
  })

  // Locales
  app.get('/locales', { schema: { querystring: Type.Object(listParams) } }, async (req) =>
    listed(req, req.query, LOCALE_SPEC, data.localeValues(listQuery(req.query, LOCALE_SPEC)), (l) => l),
  )
  app.post('/visitors/:visitorId/locales', { schema: { params: VisitorParams, body: LocaleBody } }, async (req, reply) =>
    reply.status(201).send(one(mapVisitorLocale(await data.addLocale(ctx(req), req.params.visitorId, req.body.localeCode)))),
  )
  app.get('/visitors/:visitorId/locales', { schema: { params: VisitorParams, querystring: Type.Object(listParams) } }, async (req) => {
    const page = await data.listLocales(accountOf(req), req.params.visitorId, listQuery(req.query, VISITOR_LOCALE_SPEC))
    return listed(req, req.query, VISITOR_LOCALE_SPEC, page, mapVisitorLocale)
  })
  app.get('/visitors/:visitorId/locales/:localeCode', { schema: { params: LocaleParams, querystring: Type.Object(fieldsParam) } }, async (req) =>
    single(mapVisitorLocale(await data.getLocale(accountOf(req), req.params.visitorId, req.params.localeCode)), req.query.fields, VISITOR_LOCALE_SPEC),
  )
  app.delete('/visitors/:visitorId/locales/:localeCode', { schema: { params: LocaleParams } }, async (req, reply) => {
    await data.removeLocale(ctx(req), req.params.visitorId, req.params.localeCode)
    return reply.status(204).send()
  })

  // Center operation sessions
  app.post('/visitors/:visitorId/center-operation-sessions', { schema: { params: VisitorParams, body: SessionBody } }, async (req, reply) => {
    const b = req.body
    const session = await data.createSession(ctx(req), req.params.visitorId, {
      pcCode: b.pcCode,
      guid: b.guid,
      gameId: b.gameId,
      gameName: b.gameName,
      optin: b.optin ?? false,
      isContest: b.isContest ?? false,
      isWelcomeJourney: b.isWelcomeJourney ?? false,
      isWelcomeOffer: b.isWelcomeOffer ?? false,
      isWifit: b.isWifit ?? false,
      isSynchronized: b.isSynchronized ?? false,
    })
    return reply.status(201).send(one(mapSession(session)))
  })
  app.get(
    '/visitors/:visitorId/center-operation-sessions',
    {
      schema: {
        params: VisitorParams,
        querystring: Type.Object({
          ...listParams,
          pcCode: Type.Optional(pcCode),
          creationDateSince: Type.Optional(dateTime),
          creationDateUntil: Type.Optional(dateTime),
          gameId: Type.Optional(text()),
        }),
      },
    },
    async (req) => {
      const q = req.query
      const page = await data.listSessions(
        accountOf(req),
        req.params.visitorId,
        {
          pcCode: q.pcCode,
          gameId: q.gameId,
          since: q.creationDateSince === undefined ? undefined : instant(q.creationDateSince),
          until: q.creationDateUntil === undefined ? undefined : instant(q.creationDateUntil),
        },
        listQuery(q, SESSION_SPEC),
      )
      return listed(req, q, SESSION_SPEC, page, mapSession)
    },
  )
  app.post('/visitors/:visitorId/center-operation-sessions/:guid/segments', { schema: { params: SessionParams, body: NamedRefs } }, async (req, reply) =>
    reply.status(201).send(one(await data.addToSession(ctx(req), req.params.visitorId, req.params.guid, 'segments', req.body))),
  )
  app.post('/visitors/:visitorId/center-operation-sessions/:guid/stores', { schema: { params: SessionParams, body: NamedRefs } }, async (req, reply) =>
    reply.status(201).send(one(await data.addToSession(ctx(req), req.params.visitorId, req.params.guid, 'stores', req.body))),
  )
}
