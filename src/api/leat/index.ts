import swagger from '@fastify/swagger'
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify'
import type { Container } from '../../container.js'
import { isDomainError } from '../../domain/shared/errors.js'
import { requireBearer } from '../shared/auth.js'
import { fieldOf } from '../shared/error-table.js'
import { fieldErrors } from '../shared/validation.js'
import { fail } from './envelope.js'
import { errorTable, fieldNames, type LeatError, LeatInputError } from './errors.js'
import { leatForms } from './forms.js'
import { contactIdentifierRoutes } from './routes/contact-identifiers.js'
import { contactRoutes } from './routes/contacts.js'
import { creditReceptionRoutes } from './routes/credit-receptions.js'
import { giftcardProgramRoutes } from './routes/giftcard-programs.js'
import { giftcardTransactionRoutes } from './routes/giftcard-transactions.js'
import { giftcardRoutes } from './routes/giftcards.js'
import { loyaltyTransactionRoutes } from './routes/loyalty-transactions.js'
import { oauthRoutes } from './routes/oauth.js'
import { portalSessionRoutes } from './routes/portal-sessions.js'
import { prepaidTransactionRoutes } from './routes/prepaid-transactions.js'
import { promotionRoutes } from './routes/promotions.js'
import { shopRoutes } from './routes/shops.js'
import { unitRoutes } from './routes/units.js'
import { voucherRoutes } from './routes/vouchers.js'
import { webhookRoutes } from './routes/webhooks.js'

/** Where Leat's OAuth clients API lives; a client sets its base URL to `/leat`, as it would to `https://api.piggy.eu`. */
export const LEAT_PREFIX = '/leat'
export const CLIENTS_PREFIX = '/api/v3/oauth/clients'
export const OPENAPI_PATH = '/openapi.json'

type Routes = FastifyPluginAsync<{ container: Container }>

/**
 * The resource routes under `/leat/api/v3/oauth/clients`, all behind bearer
 * authentication (an API key, which is Leat's personal access token, or an
 * OAuth access token). Add a route file here.
 */
const clientRoutes: readonly Routes[] = [
  shopRoutes,
  giftcardProgramRoutes,
  giftcardRoutes,
  giftcardTransactionRoutes,
  contactRoutes,
  contactIdentifierRoutes,
  unitRoutes,
  creditReceptionRoutes,
  loyaltyTransactionRoutes,
  portalSessionRoutes,
  webhookRoutes,
  prepaidTransactionRoutes,
  promotionRoutes,
  voucherRoutes,
]

const unauthenticated = (reply: FastifyReply, row: LeatError, error: 'invalid_token' | 'invalid_client') =>
  reply.status(401).send({ ...fail(401, row.code, row.message), error })

const resources: FastifyPluginAsync<{ container: Container }> = async (app, { container }) => {
  requireBearer(app, container.auth)
  for (const routes of clientRoutes) await app.register(routes, { container })
}

/** The Leat (Piggy) v3 dialect, mounted at `/leat`, with its own error format. */
export const leatApi: FastifyPluginAsync<{ container: Container }> = async (app: FastifyInstance, { container }) => {
  leatForms(app)

  // The dialect's own OpenAPI document, generated from the route schemas.
  await app.register(swagger, {
    openapi: {
      info: { title: 'Punchcard: Leat (Piggy) v3 API', version: '3.0.0', description: 'See docs/dialects/leat.md for the decisions behind each endpoint.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  })
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger())

  app.setErrorHandler((error: FastifyError, req, reply) => {
    if (isDomainError(error)) {
      const row: LeatError = errorTable[error.code]
      if (error.code === 'auth.invalid_client') return unauthenticated(reply, row, 'invalid_client')
      if (row.status === 401) return unauthenticated(reply, row, 'invalid_token')
      const field = fieldOf(error, req, fieldNames)
      const { reason } = error.detail
      const errors = field ? { [field]: [reason ?? row.message] } : undefined
      return reply.status(row.status).send(fail(row.status, row.code, row.message, errors))
    }
    if (error instanceof LeatInputError) {
      const row = errorTable['validation.invalid']
      return reply.status(row.status).send(fail(row.status, row.code, row.message, { [error.field]: [error.reason] }))
    }
    if (error.validation) {
      const errors: Record<string, string[]> = {}
      for (const e of fieldErrors(error.validation, error.validationContext ?? 'body')) errors[e.field] = [`${e.field} ${e.message}`]
      return reply.status(400).send(fail(400, errorTable['validation.invalid'].code, errorTable['validation.invalid'].message, errors))
    }
    if (error.statusCode === 429) return reply.status(429).send(fail(429, 429, 'Too Many Attempts.'))
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      // Malformed JSON, unsupported media type, body too large: the client's fault, said plainly.
      return reply.status(error.statusCode).send(fail(error.statusCode, errorTable['validation.invalid'].code, error.message))
    }
    req.log.error({ err: error }, 'unhandled error')
    return reply.status(500).send({ ...fail(500, 500, 'Server Error'), request_id: req.id })
  })

  app.setNotFoundHandler((_req, reply) => reply.status(404).send(fail(404, 404, 'Not Found')))

  await app.register(oauthRoutes, { container })
  await app.register(resources, { prefix: CLIENTS_PREFIX, container })
}
