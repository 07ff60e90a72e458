import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'

const TokenBody = Type.Object({
  grant_type: Type.Literal('client_credentials'),
  client_id: Type.Integer({ minimum: 1 }),
  client_secret: Type.String({ minLength: 1, maxLength: 512 }),
})

export const oauthRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  /**
   * OAuth2 client-credentials grant (`/oauth/token` beside the API, as on
   * api.piggy.eu); answers the bare token object, like Leat's Passport server.
   */
  app.post('/oauth/token', { schema: { body: TokenBody } }, async (req) => {
    const token = await container.auth.issueToken({ clientId: req.body.client_id, clientSecret: req.body.client_secret })
    return { token_type: token.tokenType, expires_in: token.expiresIn, access_token: token.accessToken }
  })
}
