import { AggregatorRegistry, Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'

/** Readings taken when Prometheus scrapes, from whatever owns them (the relay, the webhook store, the pool). */
export interface MetricSources {
  /** Seconds since the oldest committed event this process's relay has not passed on yet; 0 when it is level. */
  outboxLagSeconds(): Promise<number>
  /** Webhook deliveries waiting for an attempt, and for each subscription the age of its oldest one. */
  webhookBacklog(): Promise<{ pending: number; oldestBySubscription: readonly { subscription: string; seconds: number }[] }>
  /** Connections of the database pool: in use, idle, and requests waiting for one (PostgreSQL; zeros on SQLite). */
  pool(): { inUse: number; idle: number; waiting: number }
}

/**
 * The server's Prometheus metrics, one registry a process. Request, ledger,
 * commit and webhook figures are counted where they happen; lags and the
 * pool are read at scrape time through `sources`. Process and event-loop
 * figures are prom-client's defaults (`nodejs_eventloop_lag_*`, CPU, memory,
 * handles, GC).
 */
export interface Metrics {
  readonly registry: Registry
  /** One answered request: `dialect` is the API (`msloyalty`, `leat`, …), `route` the route's pattern, never the raw URL. */
  observeRequest(labels: { dialect: string; route: string; method: string; status: number }, seconds: number): void
  /** Ledger entries written by committed transactions, by kind (standard, reversal, transfer, expiry). */
  countPosting(kind: string): void
  /** Units of work committed together by one SQLite group commit. */
  observeBatch(size: number): void
  /** One webhook attempt and how it ended (`delivered`, `failed`, `given_up`). */
  countWebhookAttempt(outcome: 'delivered' | 'failed' | 'given_up', seconds: number): void
  setSources(sources: MetricSources): void
  /** The exposition text of this process. */
  text(): Promise<string>
  readonly contentType: string
}

export const createMetrics = (): Metrics => {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'punchcard_' })
  // A worker of `WORKERS > 1` answers the primary's aggregation with this registry.
  AggregatorRegistry.setRegistries(registry)
  let sources: MetricSources | null = null

  const requests = new Histogram({
    name: 'punchcard_http_request_duration_seconds',
    help: 'Time to answer a request, by dialect, route pattern, method and status',
    labelNames: ['dialect', 'route', 'method', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  })
  const postings = new Counter({
    name: 'punchcard_ledger_entries_total',
    help: 'Ledger entries written by committed transactions, by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  })
  const batches = new Histogram({
    name: 'punchcard_group_commit_units',
    help: 'Units of work committed together by one SQLite commit',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [registry],
  })
  const attempts = new Histogram({
    name: 'punchcard_webhook_attempt_duration_seconds',
    help: 'Webhook attempts by outcome, with the time the receiver took',
    labelNames: ['outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  })
  new Gauge({
    name: 'punchcard_outbox_lag_seconds',
    help: 'Age of the oldest committed event the relay has not passed on yet',
    registers: [registry],
    aggregator: 'max',
    async collect() {
      this.set(sources ? await sources.outboxLagSeconds() : 0)
    },
  })
  new Gauge({
    name: 'punchcard_webhook_deliveries_pending',
    help: 'Webhook deliveries waiting for an attempt (new or to be retried)',
    registers: [registry],
    // Every process reads the same table.
    aggregator: 'max',
    async collect() {
      this.set(sources ? (await sources.webhookBacklog()).pending : 0)
    },
  })
  new Gauge({
    name: 'punchcard_webhook_lag_seconds',
    help: 'Age of the oldest pending delivery of each webhook subscription',
    labelNames: ['subscription'] as const,
    registers: [registry],
    aggregator: 'max',
    async collect() {
      this.reset()
      if (!sources) return
      const backlog = await sources.webhookBacklog()
      for (const { subscription, seconds } of backlog.oldestBySubscription) this.set({ subscription }, seconds)
    },
  })
  new Gauge({
    name: 'punchcard_db_pool_connections',
    help: 'Database pool connections by state (in_use, idle) and requests waiting for one',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const pool = sources?.pool() ?? { inUse: 0, idle: 0, waiting: 0 }
      this.set({ state: 'in_use' }, pool.inUse)
      this.set({ state: 'idle' }, pool.idle)
      this.set({ state: 'waiting' }, pool.waiting)
    },
  })

  return {
    registry,
    observeRequest: ({ dialect, route, method, status }, seconds) => requests.observe({ dialect, route, method, status: String(status) }, seconds),
    countPosting: (kind) => postings.inc({ kind }),
    observeBatch: (size) => batches.observe(size),
    countWebhookAttempt: (outcome, seconds) => attempts.observe({ outcome }, seconds),
    setSources(given) {
      sources = given
    },
    text: () => registry.metrics(),
    contentType: registry.contentType,
  }
}

/** For `WORKERS > 1`: the primary's view, every worker's registry summed (gauges of lag take the highest). */
export const clusterMetrics = (): { text(): Promise<string>; contentType: string } => {
  const aggregator = new AggregatorRegistry()
  return { text: () => aggregator.clusterMetrics(), contentType: aggregator.contentType }
}
