import formbody from '@fastify/formbody'
import rateLimit from '@fastify/rate-limit'
import websocket from '@fastify/websocket'
import Fastify, { type FastifyInstance } from 'fastify'
import { leatApi } from './api/leat/index.js'
import { msLoyaltyApi } from './api/msloyalty/index.js'
import { pegkeApi } from './api/pegke/index.js'
import { portalSessionsKiosk } from './api/portal/index.js'
import { bearerToken } from './api/shared/request.js'
import { westfieldApi } from './api/westfield/index.js'
import type { Container } from './container.js'

export interface AppOptions {
  readonly logger?: boolean
  /** True once the process is shutting down: answers then ask keep-alive clients to reconnect elsewhere. */
  readonly draining?: () => boolean
  /** Hears of every route as it is registered: an inventory of the surface (the route sweep reads it). */
  readonly onRoute?: (route: { readonly method: string | readonly string[]; readonly url: string }) => void
}

/** Builds the HTTP application; never listens, so tests can `inject()` into it. */
export const buildApp = async (container: Container, options: AppOptions = {}): Promise<FastifyInstance> => {
  const app = Fastify({
    logger: options.logger ? { level: container.config.logLevel, redact: ['req.headers.authorization'] } : false,
    // Ids are shown to clients in error answers, so they can quote them.
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
    // A request that reaches a closing server on a connection it already had is answered, not refused.
    return503OnClosing: false,
  })

  const { onRoute } = options
  if (onRoute) app.addHook('onRoute', (route) => onRoute({ method: route.method, url: route.url }))

  const draining = options.draining
  if (draining) {
    app.addHook('onSend', async (_req, reply) => {
      if (draining()) reply.header('connection', 'close')
    })
  }

  await app.register(formbody)

  if (container.config.rateLimitPerMinute > 0) {
    await app.register(rateLimit, {
      global: true,
      max: container.config.rateLimitPerMinute,
      timeWindow: 60_000,
      ...(container.redis ? { redis: container.redis, nameSpace: 'punchcard-rl:' } : {}),
      keyGenerator: (req) => bearerToken(req) ?? req.ip,
      allowList: (req) => req.url.startsWith('/health'),
    })
  }

  // Every answer counts in the request histogram, by its route's pattern (never the raw URL, whose ids would not end).
  const { metrics } = container
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched'
    metrics.request({ dialect: route.split('/')[1] || 'server', route, method: req.method, status: reply.statusCode }, reply.elapsedTime / 1000)
  })

  /** Liveness: answers without touching the database (also the benchmarks' empty-route ceiling); `pid` tells which process answered. */
  app.get('/health/live', async () => ({ status: 'ok', pid: process.pid }))

  /**
   * Readiness: 200 when this process can serve (the database answers, its
   * schema is current, the event relay has reported), 503 naming what fails,
   * and 503 while it drains before a shutdown.
   */
  app.get('/health/ready', async (_req, reply) => {
    const checks = await container.readiness()
    const stopping = options.draining?.() ?? false
    const ready = !stopping && checks.database && checks.migrations && checks.relay
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : stopping ? 'draining' : 'unavailable', checks })
  })

  app.get('/health', async () => {
    await container.uow.read((tx) => tx.accounts.get(0))
    return { status: 'ok', database: container.db.kind, redis: container.redis ? container.redis.status : 'off' }
  })

  await app.register(msLoyaltyApi, { prefix: '/msloyalty', container })
  await app.register(westfieldApi, { prefix: '/westfield', container })
  // One WebSocket server for every API that streams.
  if (!app.hasDecorator('websocketServer')) await app.register(websocket, { options: { maxPayload: 64 * 1024 } })
  await app.register(pegkeApi, { prefix: '/pegke', container })
  await app.register(leatApi, { prefix: '/leat', container })
  await app.register(portalSessionsKiosk, { prefix: '/portal-sessions', container })
  return app
}
