import swagger from '@fastify/swagger'
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { Container } from '../../container.js'
import { DomainError, isDomainError } from '../../domain/shared/errors.js'
import { fieldOf } from '../shared/error-table.js'
import { bearerToken } from '../shared/request.js'
import { fieldErrors } from '../shared/validation.js'
import { fail } from './envelope.js'
import {
  errorTable,
  fieldNames,
  HTTPS_REQUIRED,
  INTERNAL,
  INVALID_VALUE,
  NOT_FOUND,
  PegkeError,
  type PegkeErrorRow,
  RATE_LIMITED,
  VALUE_MISSING,
} from './errors.js'
import { historyRoutes } from './routes/history.js'
import { oauthRoutes } from './routes/oauth.js'
import { realtimeRoutes, STREAM_PATH } from './routes/realtime.js'
import { redeemRoutes } from './routes/redeems.js'
import { userRoutes } from './routes/users.js'

const PREFIX = '/pegke'
const OPENAPI_PATH = '/openapi.json'
const OPEN = [`${PREFIX}/oauth2/token`, `${PREFIX}/oauth2/invalidate_token`, `${PREFIX}${OPENAPI_PATH}`]

/** The protocol the client used: the proxy's `X-Forwarded-Proto` when there is one, else this connection's. */
const protocolOf = (req: FastifyRequest): string => {
  const forwarded = req.headers['x-forwarded-proto']
  const value = Array.isArray(forwarded) ? forwarded[0] : forwarded
  return (value?.split(',')[0]?.trim() || req.protocol).toLowerCase()
}

/**
 * The bearer credential: the Authorization header, or for the WebSocket
 * stream an `access_token` query parameter, since browsers cannot set
 * headers on a WebSocket.
 */
const credentialOf = (req: FastifyRequest): string | null => {
  const header = bearerToken(req)
  if (header) return header
  if (req.routeOptions.url !== `${PREFIX}${STREAM_PATH}`) return null
  const token = (req.query as { access_token?: unknown }).access_token
  return typeof token === 'string' && token !== '' ? token : null
}

/** The Pegke v1.1 API, mounted at `/pegke`. */
export const pegkeApi: FastifyPluginAsync<{ container: Container }> = async (app: FastifyInstance, { container }) => {
  if (!app.hasRequestDecorator('principal')) app.decorateRequest('principal', null)

  app.addHook('onRequest', async (req) => {
    if (container.config.pegkeRequireHttps && protocolOf(req) !== 'https') throw new PegkeError(HTTPS_REQUIRED)
    const route = req.routeOptions.url
    // Unknown paths fall through to the not-found handler, not to a 401.
    if (route === undefined || OPEN.includes(route)) return
    const token = credentialOf(req)
    if (!token) throw new DomainError('auth.unauthenticated', { reason: 'send Authorization: Bearer <access_token>' })
    // Pegke's own tokens first; API keys and other OAuth tokens of the same client work too.
    req.principal = (await container.appTokens.authenticate(token)) ?? (await container.auth.authenticate(token))
  })

  // The dialect's own OpenAPI document, generated from the route schemas.
  await app.register(swagger, {
    openapi: {
      info: { title: 'Punchcard: Pegke API v1.1', version: '1.1.0', description: 'See docs/dialects/pegke.md for the design of each endpoint.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  })
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger())

  app.setErrorHandler((error: FastifyError, req, reply) => {
    const send = (row: PegkeErrorRow, field?: string, detail?: string) => reply.status(row.status).send(fail(row.code, row.message, field, detail))
    if (error instanceof PegkeError) return send(error.row, error.field, error.message === error.row.message ? undefined : error.message)
    if (isDomainError(error)) {
      const row: PegkeErrorRow = errorTable[error.code]
      return send(row, fieldOf(error, req, fieldNames, row.field), error.detail.reason)
    }
    if (error.validation) {
      const missing = error.validation.find((e) => e.keyword === 'required')
      const [first] = fieldErrors(missing ? [missing] : error.validation, error.validationContext ?? 'body')
      return send(missing ? VALUE_MISSING : INVALID_VALUE, first?.field, first ? `${first.field} ${first.message}` : undefined)
    }
    if (error.statusCode === 429) return send(RATE_LIMITED)
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      // Malformed JSON, unsupported media type, body too large: the client's fault, said plainly.
      return reply.status(error.statusCode).send(fail(INVALID_VALUE.code, error.message))
    }
    req.log.error({ err: error }, 'unhandled error')
    return send(INTERNAL, undefined, `request ${req.id}`)
  })

  app.setNotFoundHandler((_req, reply) => reply.status(NOT_FOUND.status).send(fail(NOT_FOUND.code, NOT_FOUND.message)))

  await app.register(oauthRoutes, { container })
  await app.register(userRoutes, { container })
  await app.register(redeemRoutes, { container })
  await app.register(historyRoutes, { container })
  await app.register(realtimeRoutes, { container })
}
