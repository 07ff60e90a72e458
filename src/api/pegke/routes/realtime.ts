import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { WebSocket } from 'ws'
import type { Container } from '../../../container.js'
import type { Shop } from '../../../domain/contacts/contacts.js'
import type { StoredEvent } from '../../../domain/shared/events.js'
import { principalOf } from '../../shared/request.js'
import { mapActivity } from '../mappers.js'
import { StreamQuery } from '../schemas.js'
import { DEFAULT_STORE } from './users.js'

/** A consumer with more than this many bytes not yet sent is closed (1013) rather than buffered further. */
export const MAX_BUFFERED_BYTES = 1 << 20

/** Close code for a consumer that fell behind: it should reconnect with its last event id. */
export const SLOW_CONSUMER = 1013

export const STREAM_PATH = '/realtime/store'

const shops = new WeakMap<FastifyRequest, Shop>()

export const realtimeRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  /**
   * Store Activity: a WebSocket that streams every event of one store (points
   * given, redeems, reversals, portal sessions...), whichever API caused it.
   * `last_event_id` (or the `Last-Event-ID` header) resumes after that event.
   */
  app.get(
    STREAM_PATH,
    {
      websocket: true,
      schema: { querystring: StreamQuery, hide: true },
      // Resolved before the upgrade, so a failure is an ordinary HTTP answer.
      preHandler: async (req) => {
        const query = req.query as StreamQuery
        shops.set(req, await container.activity.openStore(principalOf(req).accountId, query.store ?? DEFAULT_STORE))
      },
    },
    async (socket: WebSocket, req) => {
      const shop = shops.get(req)
      if (!shop) return socket.close(1011, 'store not resolved')
      const { accountId } = principalOf(req)
      const header = Number(req.headers['last-event-id'])
      const after = req.query.last_event_id ?? (Number.isSafeInteger(header) && header >= 0 ? header : undefined)
      const store = shop.externalId ?? String(shop.id)
      const encode = (event: StoredEvent) => JSON.stringify(mapActivity(event, store))

      const subscription = await container
        .openSubscription({
          after,
          head: () => container.activity.latestEventId(accountId),
          matches: (e) => e.accountId === accountId && e.shopId === shop.id,
          replay: (afterId, upToId, limit) => container.activity.storeEvents(accountId, shop.id, afterId, upToId, limit),
          send: (event) =>
            new Promise<void>((resolve) => {
              if (socket.readyState !== socket.OPEN) return resolve()
              socket.send(encode(event), () => resolve())
            }),
          push: (event) => {
            if (socket.readyState !== socket.OPEN) return true
            if (socket.bufferedAmount > MAX_BUFFERED_BYTES) return false
            socket.send(encode(event))
            return true
          },
          alive: () => socket.readyState === socket.OPEN,
          overflow: () => socket.close(SLOW_CONSUMER, 'slow consumer: reconnect with last_event_id'),
        })
        .catch((error: unknown) => {
          req.log.error({ err: error }, 'store activity stream failed')
          socket.close(1011, 'internal error')
          return null
        })
      if (!subscription) return
      socket.on('close', () => subscription.close())
      if (socket.readyState !== socket.OPEN) subscription.close()
    },
  )
}
