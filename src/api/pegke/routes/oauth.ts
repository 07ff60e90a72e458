import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { Container } from '../../../container.js'
import type { ClientAuth } from '../../../domain/accounts/app-tokens.service.js'
import { INVALID_VALUE, PegkeError, TOO_MANY_TOKEN_REQUESTS, VALUE_MISSING } from '../errors.js'
import { InvalidateBody, TokenBody } from '../schemas.js'

/**
 * The client's credentials, from HTTP Basic authentication (as OAuth2
 * clients usually send them) or from `client_id` and `client_secret` in the body.
 */
const clientAuthOf = (req: FastifyRequest, body: { client_id?: number | undefined; client_secret?: string | undefined }): ClientAuth => {
  const basic = /^Basic\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    const id = Number(decodeURIComponent(decoded.slice(0, colon)))
    if (colon < 1 || !Number.isSafeInteger(id) || id < 1)
      throw new PegkeError(INVALID_VALUE, 'Authorization', 'Basic credentials must be client_id:client_secret')
    return { clientId: id, clientSecret: decodeURIComponent(decoded.slice(colon + 1)) }
  }
  if (body.client_id === undefined) throw new PegkeError(VALUE_MISSING, 'client_id', 'client_id is required (or HTTP Basic credentials)')
  if (body.client_secret === undefined) throw new PegkeError(VALUE_MISSING, 'client_secret', 'client_secret is required (or HTTP Basic credentials)')
  return { clientId: body.client_id, clientSecret: body.client_secret }
}

const MINUTE = 60_000

export const oauthRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const limit = container.config.pegkeTokenRequestsPerMinute

  /**
   * Client-credentials and refresh grants. Only one token is outstanding per
   * client: asking again answers the same token until it is invalidated.
   * Requests past PEGKE_TOKEN_REQUESTS_PER_MINUTE per client are refused with
   * 403 and code 99, counted before the credentials are checked.
   */
  app.post('/oauth2/token', { schema: { body: TokenBody } }, async (req) => {
    const auth = clientAuthOf(req, req.body)
    if (limit > 0 && (await container.tokenRequests.hit(`client:${auth.clientId}`, MINUTE)) > limit) {
      throw new PegkeError(TOO_MANY_TOKEN_REQUESTS)
    }
    let grant: Awaited<ReturnType<typeof container.appTokens.issue>>
    if (req.body.grant_type === 'client_credentials') {
      grant = await container.appTokens.issue(auth)
    } else if (req.body.grant_type === 'refresh_token') {
      if (!req.body.refresh_token) throw new PegkeError(VALUE_MISSING, 'refresh_token', 'refresh_token is required for the refresh_token grant')
      grant = await container.appTokens.refresh(auth, req.body.refresh_token)
    } else {
      throw new PegkeError(INVALID_VALUE, 'grant_type', 'grant_type must be client_credentials or refresh_token')
    }
    return {
      access_token: grant.accessToken,
      expires_in: grant.expiresIn,
      refresh_token: grant.refreshToken,
      scope: null,
      token_type: grant.tokenType,
    }
  })

  /** Invalidates the client's bearer token; the next token request yields a different one. */
  app.post('/oauth2/invalidate_token', { schema: { body: InvalidateBody } }, async (req) => {
    const token = await container.appTokens.invalidate(clientAuthOf(req, req.body), req.body.access_token)
    return { access_token: token }
  })
}
