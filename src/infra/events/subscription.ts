import type { StoredEvent } from '../../domain/shared/events.js'
import type { EventBus } from './bus.js'

export interface SubscriptionOptions {
  readonly bus: EventBus
  /** Which live events belong to this subscription. */
  readonly matches: (event: StoredEvent) => boolean
  /** Committed matching events with `afterId < id <= upToId`, oldest first, at most `limit`. */
  readonly replay: (afterId: number, upToId: number, limit: number) => Promise<StoredEvent[]>
  /** The last event id the subscriber saw; absent means "from now on", after `head()`. */
  readonly after?: number | undefined
  /** The latest committed event id, where a subscription "from now on" starts. */
  readonly head: () => Promise<number>
  /** Sends one event; resolves when it has been handed to the network (used to pace the replay). */
  readonly send: (event: StoredEvent) => Promise<void>
  /** Sends one live event without waiting; returns false when the subscriber is too far behind. */
  readonly push: (event: StoredEvent) => boolean
  /** False once the subscriber has gone away, which ends a replay early. */
  readonly alive?: () => boolean
  /** Called once when the subscriber fell too far behind and must be dropped. */
  readonly overflow: () => void
  /** Live events held while the replay runs, at most. */
  readonly maxPending?: number
  /** How long to wait for the relay's first report (Redis unreachable, relay not running) before failing. */
  readonly readyTimeoutMs?: number
}

export interface Subscription {
  close(): void
}

const REPLAY_BATCH = 500

const readyWithin = (bus: EventBus, ms: number): Promise<number> => {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the event relay has not reported in time')), ms)
  })
  return Promise.race([bus.ready(), timeout]).finally(() => clearTimeout(timer))
}

/**
 * Replays what a subscriber missed from the events table, then continues
 * live, without a gap or a duplicate: it listens first, reads the bus's
 * watermark, replays up to it, then sends the live events above it. A
 * subscriber that cannot keep up is dropped (`overflow`) rather than
 * buffered without end; it reconnects with its last id and replays.
 */
export const openSubscription = async (options: SubscriptionOptions): Promise<Subscription> => {
  const { bus, matches, send, push, overflow } = options
  const maxPending = options.maxPending ?? 10_000
  let pending: StoredEvent[] | null = []
  let last = options.after ?? null
  let closed = false

  const drop = () => {
    if (closed) return
    closed = true
    unsubscribe()
    overflow()
  }

  const unsubscribe = bus.subscribe((event) => {
    if (closed || !matches(event)) return
    if (pending) {
      pending.push(event)
      if (pending.length > maxPending) drop()
      return
    }
    if (last !== null && event.id <= last) return
    last = event.id
    if (!push(event)) drop()
  })

  try {
    const watermark = await readyWithin(bus, options.readyTimeoutMs ?? 10_000)
    let position = last ?? (await options.head())
    const alive = options.alive ?? (() => true)
    while (!closed && alive() && position < watermark) {
      const batch = await options.replay(position, watermark, REPLAY_BATCH)
      for (const event of batch) await send(event)
      position = batch.length < REPLAY_BATCH ? watermark : (batch[batch.length - 1]?.id ?? watermark)
    }
    last = position
    const held = pending
    pending = null
    for (const event of held) {
      if (closed) break
      if (event.id <= position) continue
      last = event.id
      if (!push(event)) {
        drop()
        break
      }
    }
  } catch (error) {
    closed = true
    unsubscribe()
    throw error
  }

  return {
    close() {
      if (closed) return
      closed = true
      unsubscribe()
    },
  }
}
