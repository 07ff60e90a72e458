import swagger from '@fastify/swagger'
import type { FastifyError, FastifyInstance, FastifyPluginAsync } from 'fastify'
import type { Container } from '../../container.js'
import { isDomainError } from '../../domain/shared/errors.js'
import { requireBearer } from '../shared/auth.js'
import { fieldOf } from '../shared/error-table.js'
import { failure } from './envelope.js'
import { errorTable, fieldNames, validationEntries, type WestfieldError } from './errors.js'
import { articleRoutes } from './routes/articles.js'
import { bookmarkRoutes } from './routes/bookmarks.js'
import { centerOperationSessionRoutes } from './routes/center-operation-sessions.js'
import { centerRoutes } from './routes/centers.js'
import { challengeRoutes } from './routes/challenges.js'
import { checkinRoutes } from './routes/checkins.js'
import { consentRoutes } from './routes/consent.js'
import { creditCardRoutes } from './routes/credit-cards.js'
import { deviceRoutes } from './routes/devices.js'
import { externalIdRoutes } from './routes/external-ids.js'
import { interestRoutes } from './routes/interests.js'
import { localeRoutes } from './routes/locales.js'
import { parkingHistoryRoutes } from './routes/parking-histories.js'
import { parkingRoutes } from './routes/parkings.js'
import { rewardRoutes } from './routes/rewards.js'
import { serviceRoutes } from './routes/services.js'
import { smartparkingRoutes } from './routes/smartparking.js'
import { vehiclePartnerRoutes } from './routes/vehicle-partners.js'
import { vehicleRoutes } from './routes/vehicles.js'
import { visitorCenterRoutes } from './routes/visitor-centers.js'
import { visitorRoutes } from './routes/visitors.js'

export const OPENAPI_PATH = '/openapi.json'

/** The Westfield Visitor API, mounted at `/westfield`: visitors, centers and their services over the shared contacts. */
export const westfieldApi: FastifyPluginAsync<{ container: Container }> = async (app: FastifyInstance, { container }) => {
  requireBearer(app, container.auth, [`/westfield${OPENAPI_PATH}`])

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Punchcard: Westfield Visitor API',
        version: '1.0.0',
        description: 'See docs/dialects/westfield.md for the decisions behind each endpoint.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  })
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger())

  app.setErrorHandler((error: FastifyError, req, reply) => {
    if (isDomainError(error)) {
      const row: WestfieldError = errorTable[error.code]
      const field = fieldOf(error, req, fieldNames, row.field) ?? ''
      return reply.status(row.status).send(failure([{ code: error.code, type: row.type, field, message: error.detail.reason ?? row.message }]))
    }
    if (error.validation) return reply.status(422).send(failure(validationEntries(error.validation, error.validationContext ?? 'body')))
    if (error.statusCode === 429)
      return reply.status(429).send(failure([{ code: 'rate_limit.exceeded', type: 'rate_limited', field: '', message: 'Too many requests' }]))
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      // Malformed JSON, unsupported media type, body too large: the client's fault, said plainly.
      return reply.status(error.statusCode).send(failure([{ code: 'request.malformed', type: 'invalid_request', field: '', message: error.message }]))
    }
    req.log.error({ err: error }, 'unhandled error')
    return reply.status(500).send(failure([{ code: 'server.error', type: 'server_error', field: '', message: `internal error; request ${req.id}` }]))
  })

  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send(failure([{ code: 'route.not_found', type: 'not_found', field: '', message: `no route ${req.method} ${req.url}` }])),
  )

  await app.register(visitorRoutes, { container })
  await app.register(externalIdRoutes, { container })
  await app.register(bookmarkRoutes, { container })
  await app.register(visitorCenterRoutes, { container })
  await app.register(deviceRoutes, { container })
  await app.register(localeRoutes, { container })
  await app.register(centerOperationSessionRoutes, { container })
  await app.register(centerRoutes, { container })
  await app.register(serviceRoutes, { container })
  await app.register(checkinRoutes, { container })
  await app.register(creditCardRoutes, { container })
  await app.register(vehicleRoutes, { container })
  await app.register(vehiclePartnerRoutes, { container })
  await app.register(parkingRoutes, { container })
  await app.register(parkingHistoryRoutes, { container })
  await app.register(smartparkingRoutes, { container })
  await app.register(consentRoutes, { container })
  await app.register(interestRoutes, { container })
  await app.register(rewardRoutes, { container })
  await app.register(articleRoutes, { container })
  await app.register(challengeRoutes, { container })
}
