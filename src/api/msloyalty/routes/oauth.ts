import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { TokenBody } from '../schemas.js'

export const oauthRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  /** OAuth2 client-credentials grant; answers the bare token object of the source document. */
  app.post('/oauth/token', { schema: { body: TokenBody } }, async (req) => {
    const token = await container.auth.issueToken({ clientId: req.body.client_id, clientSecret: req.body.client_secret })
    return { token_type: token.tokenType, expires_in: token.expiresIn, access_token: token.accessToken }
  })
}
