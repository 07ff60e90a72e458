import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { one } from '../envelope.js'
import { fieldsParam, listed, listParams, listQuery, single } from '../list.js'
import { APP_SPEC, DEVICE_SPEC, iso, mapApp, mapDevice } from '../mappers.js'
import { accountOf, westfieldContext } from '../request.js'
import { DeviceBody, DeviceParams } from '../schemas/visitor-data.js'
import { text, VisitorParams } from '../schemas.js'

/** A visitor's devices, the apps on them, and the short-lived token an app sends with its events. */
export const deviceRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const data = container.visitorData

  app.put('/visitors/:visitorId/devices', { schema: { params: VisitorParams, body: DeviceBody } }, async (req, reply) => {
    const b = req.body
    const { device, created } = await data.registerDevice(westfieldContext(req), req.params.visitorId, {
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
    await data.removeDevice(westfieldContext(req), req.params.visitorId, req.params.deviceId)
    return reply.status(204).send()
  })
  app.get('/visitors/:visitorId/devices/:deviceId/apps', { schema: { params: DeviceParams, querystring: Type.Object(listParams) } }, async (req) => {
    const page = await data.listApps(accountOf(req), req.params.visitorId, req.params.deviceId, listQuery(req.query, APP_SPEC))
    return listed(req, req.query, APP_SPEC, page, mapApp)
  })

  app.get('/visitors/:visitorId/event-token', { schema: { params: VisitorParams, querystring: Type.Object({ companyId: text(64) }) } }, async (req) => {
    const token = await data.eventToken(accountOf(req), req.params.visitorId, req.query.companyId)
    return one({ token: token.token, expiresAt: iso(token.expiresAt) })
  })
}
