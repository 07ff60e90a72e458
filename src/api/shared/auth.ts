import type { FastifyInstance } from 'fastify'
import type { AuthService } from '../../domain/accounts/auth.service.js'
import { DomainError } from '../../domain/shared/errors.js'
import { bearerToken } from './request.js'

/**
 * Authenticates every request of the plugin it is registered in, except the
 * paths in `open` (token endpoints). A missing or bad credential throws
 * `auth.unauthenticated`, which the plugin's error handler shows in its own format.
 */
export const requireBearer = (app: FastifyInstance, auth: AuthService, open: readonly string[] = []) => {
  app.decorateRequest('principal', null)
  app.addHook('onRequest', async (req) => {
    const route = req.routeOptions.url
    // Unknown paths fall through to the not-found handler, not to a 401.
    if (route === undefined || open.includes(route)) return
    const token = bearerToken(req)
    if (!token) throw new DomainError('auth.unauthenticated')
    req.principal = await auth.authenticate(token)
  })
}
