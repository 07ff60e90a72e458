import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import type { StoredEvent } from '../../domain/shared/events.js'
import type { EventBus } from './bus.js'
import type { EventReader } from './reader.js'

export interface EventRelayOptions {
  readonly reader: EventReader
  readonly bus: EventBus
  /** With Redis, one process at a time reads the outbox and every process hears it through pub/sub. */
  readonly redisUrl?: string | undefined
  /** Separates the Redis keys and channels of different databases sharing one Redis. */
  readonly namespace: string
  readonly pollIntervalMs: number
  readonly batchSize?: number
}

export interface EventRelay {
  /** Starts relaying; `onError` hears failures, after which the relay tries again at the next tick. */
  start(onError?: (error: unknown) => void): Promise<void>
  close(): Promise<void>
}

interface Message {
  readonly events: StoredEvent[]
  readonly watermark: number
}

const LEASE_MS = 3_000

// Takes the lease when it is free, keeps it when it is ours.
const LEASE_SCRIPT = `
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`

/**
 * Delivers committed events from the outbox (`events` table) to the bus
 * after commit. Without Redis each process reads the table itself. With
 * Redis one process, holding a lease, reads the table and publishes each
 * batch with its watermark on a channel every process subscribes to, and
 * keeps its position in Redis; when it dies another takes the lease and
 * carries on from that position. A batch published twice around a change of
 * leader is dropped by each process's bus, so subscribers see every event
 * once. Publishing an empty batch doubles as a heartbeat with the watermark.
 */
export const createEventRelay = (options: EventRelayOptions): EventRelay => {
  const { reader, bus, namespace, pollIntervalMs } = options
  const batchSize = options.batchSize ?? 500
  const channel = `punchcard:${namespace}:events`
  const leaseKey = `punchcard:${namespace}:relay-lease`
  const cursorKey = `punchcard:${namespace}:relay-cursor`
  const me = randomUUID()
  let report: (error: unknown) => void = () => {}

  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null
  let stopped = false
  let cursor: number | null = null
  let redis: Redis | null = null
  let subscriber: Redis | null = null

  const startingPoint = async (): Promise<number> => {
    const head = await reader.head()
    if (!redis) return head
    const saved = Number(await redis.get(cursorKey))
    // A position past the end belongs to a database that was recreated.
    return Number.isSafeInteger(saved) && saved > 0 && saved <= head ? saved : head
  }

  const tick = async () => {
    if (redis) {
      const leader = (await redis.eval(LEASE_SCRIPT, 1, leaseKey, me, LEASE_MS)) === 1
      if (!leader) {
        cursor = null
        return
      }
    }
    if (cursor === null) cursor = await startingPoint()
    const batch = await reader.readAfter(cursor, batchSize)
    if (redis) {
      const message: Message = { events: batch.events, watermark: batch.watermark }
      await redis.publish(channel, JSON.stringify(message))
      await redis.set(cursorKey, String(batch.watermark))
    } else {
      bus.deliver(batch.events, batch.watermark)
    }
    cursor = batch.watermark
    // A full batch means more are waiting: read on without pausing.
    if (batch.events.length === batchSize) await tick()
  }

  const loop = () => {
    if (stopped) return
    running = tick()
      .catch((error: unknown) => report(error))
      .finally(() => {
        running = null
        if (!stopped) timer = setTimeout(loop, pollIntervalMs)
      })
  }

  return {
    async start(onError) {
      if (onError) report = onError
      if (options.redisUrl) {
        redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 2 })
        subscriber = new Redis(options.redisUrl, { maxRetriesPerRequest: 2 })
        // Connection errors are reported; ioredis reconnects by itself.
        redis.on('error', report)
        subscriber.on('error', report)
        subscriber.on('message', (_channel: string, raw: string) => {
          try {
            const message = JSON.parse(raw) as Message
            bus.deliver(message.events, message.watermark)
          } catch (error) {
            report(error)
          }
        })
        await subscriber.subscribe(channel)
      }
      loop()
    },
    async close() {
      stopped = true
      if (timer) clearTimeout(timer)
      await running
      if (redis && cursor !== null)
        await redis.eval(`if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`, 1, leaseKey, me)
      subscriber?.disconnect()
      redis?.disconnect()
    },
  }
}
