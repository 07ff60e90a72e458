import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { one } from '../envelope.js'
import { listed, listParams, listQuery } from '../list.js'
import { instant, mapSession, SESSION_SPEC } from '../mappers.js'
import { accountOf, westfieldContext } from '../request.js'
import { NamedRefs, SessionBody, SessionParams } from '../schemas/visitor-data.js'
import { dateTime, pcCode, text, VisitorParams } from '../schemas.js'

/** A visitor's sessions of a center operation (a game, a contest) with the segments and stores they gather. */
export const centerOperationSessionRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const data = container.visitorData

  app.post('/visitors/:visitorId/center-operation-sessions', { schema: { params: VisitorParams, body: SessionBody } }, async (req, reply) => {
    const b = req.body
    const session = await data.createSession(westfieldContext(req), req.params.visitorId, {
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
    reply.status(201).send(one(await data.addToSession(westfieldContext(req), req.params.visitorId, req.params.guid, 'segments', req.body))),
  )
  app.post('/visitors/:visitorId/center-operation-sessions/:guid/stores', { schema: { params: SessionParams, body: NamedRefs } }, async (req, reply) =>
    reply.status(201).send(one(await data.addToSession(westfieldContext(req), req.params.visitorId, req.params.guid, 'stores', req.body))),
  )
}
