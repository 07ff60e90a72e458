import { createHash } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { Principal } from '../../domain/accounts/accounts.js'
import type { Channel, CommandContext } from '../../domain/shared/command.js'
import { DomainError } from '../../domain/shared/errors.js'

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null
  }
}

const MAX_KEY_LENGTH = 255

/** The bearer credential of a request, or null when there is none. */
export const bearerToken = (req: FastifyRequest): string | null => {
  const header = req.headers.authorization
  if (!header) return null
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match?.[1] ?? null
}

/** @throws auth.unauthenticated when the request was not authenticated. */
export const principalOf = (req: FastifyRequest): Principal => {
  if (!req.principal) throw new DomainError('auth.unauthenticated')
  return req.principal
}

/**
 * The `Idempotency-Key` of a mutating request with a fingerprint of what it
 * asks for (method, route, query and body), so the same key with a different
 * request can be told apart from a retry.
 * @throws validation.invalid when the key is empty or too long.
 */
export const idempotencyOf = (req: FastifyRequest, dialect: string) => {
  const raw = req.headers['idempotency-key']
  if (raw === undefined) return undefined
  const key = Array.isArray(raw) ? raw[0] : raw
  if (!key || key.length > MAX_KEY_LENGTH) {
    throw new DomainError('validation.invalid', { subject: 'idempotencyKey', reason: `must be 1 to ${MAX_KEY_LENGTH} characters` })
  }
  const scope = `${dialect}:${req.method} ${req.routeOptions.url ?? req.url}`
  // The scope names the route, not the record: ids in the path are part of
  // the request, so a key reused for another record is another request.
  // Routes without path parameters keep the fingerprint they always had.
  const params = req.params && typeof req.params === 'object' && Object.keys(req.params).length > 0 ? req.params : undefined
  const fingerprint = createHash('sha256')
    .update(JSON.stringify(params === undefined ? [req.query ?? null, req.body ?? null] : [req.query ?? null, req.body ?? null, params]))
    .digest('base64url')
  return { scope, key, fingerprint }
}

/** Everything a write needs from the request besides its body. */
export const commandContext = (req: FastifyRequest, dialect: string, channel?: Channel): CommandContext => ({
  accountId: principalOf(req).accountId,
  idempotency: idempotencyOf(req, dialect),
  channel,
})
