import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { DomainEvent } from '../domain/shared/events.js'

export interface WebhookDeliveryReading {
  readonly subscription: string
  readonly byStatus: Readonly<Record<string, number>>
  readonly retrying: number
  readonly oldestPendingSeconds: number
}

/** Readings taken when metrics are scraped: each answers for this process's view. */
export interface MetricSources {
  /** Seconds since the oldest committed event this process has not yet heard relayed; 0 when it is caught up. */
  readonly outboxLagSeconds: () => Promise<number>
  /** Webhook deliveries per subscription: how many in each status, how many pending retried at least once, the age of the oldest pending. */
  readonly webhookDeliveries: () => Promise<readonly WebhookDeliveryReading[]>
  /** PostgreSQL connections of this process's pool: open, idle, and requests waiting for one. */
  readonly pool: () => { total: number; idle: number; waiting: number } | null
}

/**
 * The server's Prometheus metrics, one registry a process. Counters and
 * histograms are updated as things happen; gauges are read from `sources`
 * at scrape time, so an idle server costs nothing.
 */
export interface Metrics {
  readonly registry: Registry
  /** One answered request; `route` is the route's pattern (`/leat/.../contacts/:contact_uuid`), never the raw URL. */
  request(labels: { dialect: string; route: string; method: string; status: number }, seconds: number): void
  /** The events a transaction appended, once it has committed: ledger entries by kind among them. */
  committed(events: readonly DomainEvent[]): void
  /** The size of one SQLite group commit (units committed together). */
  groupCommit(units: number): void
  /** Where the scrape-time gauges read from; set once the container is built. */
  setSources(sources: MetricSources): void
}

export const createMetrics = (): Metrics => {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'punchcard_' })
  let sources: MetricSources | null = null

  const requests = new Histogram({
    name: 'punchcard_http_request_duration_seconds',
    help: 'Time to answer a request, by dialect, route pattern, method and status.',
    labelNames: ['dialect', 'route', 'method', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  })
  const entries = new Counter({
    name: 'punchcard_ledger_entries_total',
    help: 'Ledger entries committed, by kind (standard, reversal, expiry, transfer) and unit.',
    labelNames: ['kind', 'unit'] as const,
    registers: [registry],
  })
  const events = new Counter({
    name: 'punchcard_domain_events_total',
    help: 'Domain events committed to the outbox, by type.',
    labelNames: ['type'] as const,
    registers: [registry],
  })
  const batches = new Histogram({
    name: 'punchcard_group_commit_units',
    help: 'Units of work committed together by one SQLite group commit.',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [registry],
  })
  new Gauge({
    name: 'punchcard_outbox_lag_seconds',
    // Each worker's own lag: the primary keeps the worst.
    aggregator: 'max',
    help: 'Age of the oldest committed event this process has not heard relayed yet (0 when caught up).',
    registers: [registry],
    async collect() {
      this.set(sources ? await sources.outboxLagSeconds() : 0)
    },
  })
  // The three webhook gauges share one reading per scrape: the first collected takes it.
  let webhookRows: readonly WebhookDeliveryReading[] = []
  new Gauge({
    name: 'punchcard_webhook_deliveries',
    // Read from the database: every worker reads the same, so the primary keeps the largest rather than a sum.
    aggregator: 'max',
    help: 'Webhook deliveries by subscription and status (pending, delivered, failed: given up, cancelled).',
    labelNames: ['subscription', 'status'] as const,
    registers: [registry],
    async collect() {
      webhookRows = sources ? await sources.webhookDeliveries() : []
      this.reset()
      for (const row of webhookRows) for (const [status, count] of Object.entries(row.byStatus)) this.set({ subscription: row.subscription, status }, count)
    },
  })
  new Gauge({
    name: 'punchcard_webhook_retries_pending',
    // Read from the database: every worker reads the same, so the primary keeps the largest rather than a sum.
    aggregator: 'max',
    help: 'Pending webhook deliveries that failed at least once and wait for their next attempt, by subscription.',
    labelNames: ['subscription'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const row of webhookRows) this.set({ subscription: row.subscription }, row.retrying)
    },
  })
  new Gauge({
    name: 'punchcard_webhook_lag_seconds',
    // Read from the database: every worker reads the same, so the primary keeps the largest rather than a sum.
    aggregator: 'max',
    help: 'Age of the oldest pending webhook delivery, by subscription (0 when none is pending).',
    labelNames: ['subscription'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const row of webhookRows) this.set({ subscription: row.subscription }, row.oldestPendingSeconds)
    },
  })
  new Gauge({
    name: 'punchcard_db_pool_connections',
    help: 'PostgreSQL pool connections of this process: open, idle, and requests waiting for one.',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const pool = sources?.pool()
      if (!pool) return
      this.set({ state: 'total' }, pool.total)
      this.set({ state: 'idle' }, pool.idle)
      this.set({ state: 'waiting' }, pool.waiting)
    },
  })

  return {
    registry,
    request: (labels, seconds) => requests.observe({ ...labels, status: String(labels.status) }, seconds),
    committed(list) {
      for (const event of list) {
        events.inc({ type: event.type })
        if (event.type === 'ledger.entry.created') entries.inc({ kind: String(event.payload.kind), unit: String(event.payload.unit) })
      }
    },
    groupCommit: (units) => batches.observe(units),
    setSources(next) {
      sources = next
    },
  }
}
