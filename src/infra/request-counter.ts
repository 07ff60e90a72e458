import type { Redis } from 'ioredis'

export interface RequestCounter {
  /** Counts one request for `key` in the current fixed window and returns the count so far. */
  hit(key: string, windowMs: number): Promise<number>
}

/**
 * Fixed-window request counts: in Redis when there is one, so every server
 * process counts against the same budget, in memory otherwise.
 */
export const createRequestCounter = (redis: Redis | null, prefix: string): RequestCounter => {
  if (redis) {
    return {
      async hit(key, windowMs) {
        const window = Math.floor(Date.now() / windowMs)
        const name = `${prefix}:${key}:${window}`
        const results = await redis.multi().incr(name).pexpire(name, windowMs).exec()
        return Number(results?.[0]?.[1] ?? 0)
      },
    }
  }
  const counts = new Map<string, { window: number; count: number }>()
  return {
    async hit(key, windowMs) {
      const window = Math.floor(Date.now() / windowMs)
      const current = counts.get(key)
      const next = current && current.window === window ? { window, count: current.count + 1 } : { window, count: 1 }
      counts.set(key, next)
      if (counts.size > 10_000) for (const [k, v] of counts) if (v.window !== window) counts.delete(k)
      return next.count
    },
  }
}
