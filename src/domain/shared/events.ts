import type { Instant } from './clock.js'

/**
 * A domain change, written in the same database transaction as the change
 * itself (transactional outbox) and delivered to subscribers after commit.
 */
export interface DomainEvent {
  readonly type: string
  readonly accountId: number
  /** The shop the change happened in, when there is one; realtime streams filter by it. */
  readonly shopId?: number | null
  readonly payload: Record<string, unknown>
  readonly occurredAt: Instant
}

export interface StoredEvent extends DomainEvent {
  readonly id: number
}

export interface EventStore {
  append(event: DomainEvent): Promise<void>
}

/** The store a module that emits events needs of the caller's transaction. */
export interface EventsTx {
  readonly events: EventStore
}
