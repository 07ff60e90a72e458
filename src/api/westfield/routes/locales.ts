import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { one } from '../envelope.js'
import { fieldsParam, listed, listParams, listQuery, single } from '../list.js'
import { LOCALE_SPEC, mapVisitorLocale, VISITOR_LOCALE_SPEC } from '../mappers.js'
import { accountOf, westfieldContext } from '../request.js'
import { LocaleBody, LocaleParams } from '../schemas/visitor-data.js'
import { VisitorParams } from '../schemas.js'

/** The locales a visitor reads, and the locales there are. */
export const localeRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const data = container.visitorData

  app.get('/locales', { schema: { querystring: Type.Object(listParams) } }, async (req) =>
    listed(req, req.query, LOCALE_SPEC, data.localeValues(listQuery(req.query, LOCALE_SPEC)), (l) => l),
  )
  app.post('/visitors/:visitorId/locales', { schema: { params: VisitorParams, body: LocaleBody } }, async (req, reply) =>
    reply.status(201).send(one(mapVisitorLocale(await data.addLocale(westfieldContext(req), req.params.visitorId, req.body.localeCode)))),
  )
  app.get('/visitors/:visitorId/locales', { schema: { params: VisitorParams, querystring: Type.Object(listParams) } }, async (req) => {
    const page = await data.listLocales(accountOf(req), req.params.visitorId, listQuery(req.query, VISITOR_LOCALE_SPEC))
    return listed(req, req.query, VISITOR_LOCALE_SPEC, page, mapVisitorLocale)
  })
  app.get('/visitors/:visitorId/locales/:localeCode', { schema: { params: LocaleParams, querystring: Type.Object(fieldsParam) } }, async (req) =>
    single(mapVisitorLocale(await data.getLocale(accountOf(req), req.params.visitorId, req.params.localeCode)), req.query.fields, VISITOR_LOCALE_SPEC),
  )
  app.delete('/visitors/:visitorId/locales/:localeCode', { schema: { params: LocaleParams } }, async (req, reply) => {
    await data.removeLocale(westfieldContext(req), req.params.visitorId, req.params.localeCode)
    return reply.status(204).send()
  })
}
