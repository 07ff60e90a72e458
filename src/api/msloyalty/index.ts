import swagger from '@fastify/swagger'
import type { FastifyError, FastifyInstance, FastifyPluginAsync } from 'fastify'
import type { Container } from '../../container.js'
import { isDomainError } from '../../domain/shared/errors.js'
import { requireBearer } from '../shared/auth.js'
import { fieldOf } from '../shared/error-table.js'
import { fieldErrors } from '../shared/validation.js'
import { fail } from './envelope.js'
import { errorTable, fieldNames, type MsLoyaltyError } from './errors.js'
import { customerRoutes } from './routes/customers.js'
import { oauthRoutes } from './routes/oauth.js'
import { reportRoutes } from './routes/reports.js'
import { transactionRoutes } from './routes/transactions.js'

export const TOKEN_PATH = '/oauth/token'
export const OPENAPI_PATH = '/openapi.json'

/** The MS Loyalty API, mounted at `/msloyalty`: the ledger's own API. */
export const msLoyaltyApi: FastifyPluginAsync<{ container: Container }> = async (app: FastifyInstance, { container }) => {
  requireBearer(app, container.auth, [`/msloyalty${TOKEN_PATH}`, `/msloyalty${OPENAPI_PATH}`])

  // The dialect's own OpenAPI document, generated from the route schemas.
  await app.register(swagger, {
    openapi: {
      info: { title: 'Punchcard: MS Loyalty API', version: '1.0.0', description: 'See docs/dialects/msloyalty.md for the decisions behind each endpoint.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  })
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger())

  app.setErrorHandler((error: FastifyError, req, reply) => {
    if (isDomainError(error)) {
      const row: MsLoyaltyError = errorTable[error.code]
      const field = fieldOf(error, req, fieldNames, row.field) ?? ''
      const value = error.code === 'validation.invalid' && error.detail.reason ? error.detail.reason : row.value
      // 401 and 403 answer exactly the document's bodies: no warning, no detail.
      if (row.status === 401 || row.status === 403) return reply.status(row.status).send(fail(row.status, row.message))
      return reply.status(row.status).send(fail(row.status, row.message, { code: error.code, field, value }, error.detail.reason ? [error.detail.reason] : []))
    }
    if (error.validation) {
      const [first] = fieldErrors(error.validation, error.validationContext ?? 'body')
      return reply.status(422).send(fail(422, 'Error de Validacion', { code: null, field: first?.field ?? '', value: first?.message ?? 'is invalid' }))
    }
    if (error.statusCode === 429) return reply.status(429).send(fail(429, 'Too Many Attempts.'))
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      // Malformed JSON, unsupported media type, body too large: the client's fault, said plainly.
      return reply.status(error.statusCode).send(fail(error.statusCode, error.message))
    }
    req.log.error({ err: error }, 'unhandled error')
    return reply.status(500).send(fail(500, 'Internal Server Error', undefined, [`request ${req.id}`]))
  })

  app.setNotFoundHandler((_req, reply) => reply.status(404).send(fail(404, '404 Not Found')))

  await app.register(oauthRoutes, { container })
  await app.register(transactionRoutes, { container })
  await app.register(customerRoutes, { container })
  await app.register(reportRoutes, { container })
}
