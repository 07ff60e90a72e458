import type { StoredEvent } from '../../domain/shared/events.js'

export type EventListener = (event: StoredEvent) => void

/**
 * This process's view of the committed event stream. Events arrive in id
 * order with a watermark: every event with an id at or below it has been
 * delivered (or never will exist), so a reader can replay the events table up
 * to the watermark and continue live from there without a gap or a duplicate.
 * Listeners run synchronously and must not block: each one buffers or drops
 * on its own, so a slow one never holds back the others.
 */
export interface EventBus {
  /** The watermark once the relay has reported one; waits for the first report. */
  ready(): Promise<number>
  /** The watermark this process has heard so far; null before the relay's first report. */
  watermark(): number | null
  subscribe(listener: EventListener): () => void
  /** Delivers a batch in id order; ids at or below the current watermark were seen already and are dropped. */
  deliver(events: readonly StoredEvent[], watermark: number): void
}

export const createEventBus = (): EventBus => {
  const listeners = new Set<EventListener>()
  let watermark: number | null = null
  let waiting: ((w: number) => void)[] = []

  return {
    watermark: () => watermark,
    ready: () => (watermark !== null ? Promise.resolve(watermark) : new Promise((resolve) => waiting.push(resolve))),
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    deliver(events, next) {
      for (const event of events) {
        if (watermark !== null && event.id <= watermark) continue
        watermark = event.id
        for (const listener of listeners) listener(event)
      }
      if (watermark === null || next > watermark) watermark = next
      if (waiting.length > 0) {
        const ready = waiting
        waiting = []
        for (const resolve of ready) resolve(next)
      }
    },
  }
}
