import cluster from 'node:cluster'
import type { Server } from 'node:http'
import { Server as NetServer } from 'node:net'
import { AggregatorRegistry } from 'prom-client'
import { buildApp } from './app.js'
import { loadConfig } from './config.js'
import { createContainer } from './container.js'
import { isPostgresUrl } from './infra/db/database.js'
import { serveMetrics } from './infra/metrics-server.js'
import { startWebhookWorker } from './infra/webhooks/worker.js'
import { SHUTDOWN_MESSAGE, superviseWorkers } from './supervisor.js'

const config = loadConfig()

/*
 * WORKERS > 1: that many server processes share the port (node:cluster), so
 * request handling uses every core; the primary replaces a worker that dies
 * and restarts them one at a time on SIGHUP (`supervisor.ts`). PostgreSQL
 * only: SQLite has one writer, and one process shares its commits between
 * requests (group commit).
 */
if (config.workers > 1 && cluster.isPrimary) {
  if (!isPostgresUrl(config.databaseUrl)) {
    process.stderr.write('WORKERS > 1 needs PostgreSQL (DATABASE_URL); the embedded SQLite database runs in one process\n')
    process.exit(1)
  }
  const line = (level: string) => (detail: Record<string, unknown>, msg: string) =>
    process.stderr.write(`${JSON.stringify({ level, time: Date.now(), pid: process.pid, role: 'primary', ...detail, msg })}\n`)
  // The primary answers /metrics for every worker: each sends its registry's readings when asked.
  if (config.metricsPort > 0) {
    const aggregator = new AggregatorRegistry()
    await serveMetrics({
      port: config.metricsPort,
      host: config.metricsHost,
      scrape: async () => ({ contentType: aggregator.contentType, body: await aggregator.clusterMetrics() }),
    })
  }
  superviseWorkers({
    workers: config.workers,
    startupWindowMs: 10_000,
    maxStartupCrashes: 5,
    restartDelayMs: 500,
    restartDelayMaxMs: 15_000,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    log: { info: line('info'), error: line('error') },
  })
} else {
  await serve()
}

async function serve() {
  const container = await createContainer(config)
  let draining = false
  const app = await buildApp(container, { logger: true, draining: () => draining })
  const { registry } = container.metrics
  if (cluster.isWorker) {
    // Constructing one installs the worker's answer to the primary's requests for its readings.
    new AggregatorRegistry()
    AggregatorRegistry.setRegistries([registry])
  }
  const metricsServer =
    cluster.isPrimary && config.metricsPort > 0
      ? await serveMetrics({
          port: config.metricsPort,
          host: config.metricsHost,
          scrape: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
        })
      : null

  // Lots past their expiry are written off by a timer; `punchcard expire` does the same on demand.
  const expiry =
    config.expiryIntervalMs > 0
      ? setInterval(() => {
          container.ledger.expireDue().then(
            (n) => n > 0 && app.log.info({ entries: n }, 'expired lots'),
            (err: unknown) => app.log.error({ err }, 'expiry run failed'),
          )
        }, config.expiryIntervalMs)
      : null
  expiry?.unref()

  // Committed events leave the outbox for WebSocket subscribers (and, with Redis, for every process).
  await container.relay.start((err: unknown) => app.log.error({ err }, 'event relay failed'))
  // Webhooks leave from the outbox in the background. Several processes may
  // each run the worker: they share the work through the database.
  const webhooks = config.webhookPollIntervalMs > 0 ? startWebhookWorker(container.webhookDispatcher, config.webhookPollIntervalMs, app.log) : null

  /*
   * Draining: the process stops accepting connections (the cluster's
   * primary, or a load balancer's health check, sends new ones elsewhere),
   * and its answers carry `Connection: close`, so each keep-alive client
   * sends its next request on a new connection instead of one this process
   * is about to close. Once no connection is left, or after a grace period,
   * the server finishes what is in flight (the current group commit
   * included, since every request awaits its commit), the webhook worker
   * its attempt in progress, and the database closes. A process that cannot finish within
   * SHUTDOWN_TIMEOUT_MS exits anyway: every acknowledged write is committed
   * already, and what was not acknowledged is retried by its client.
   */
  let closing = false
  const shutdown = async (reason: string) => {
    if (closing) return
    closing = true
    draining = true
    app.log.info({ reason }, 'draining')
    setTimeout(() => {
      app.log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown took too long: exiting')
      process.exit(1)
    }, config.shutdownTimeoutMs).unref()
    if (expiry) clearInterval(expiry)
    // net.Server's own close stops accepting; http.Server's would also drop idle keep-alive connections mid-race.
    NetServer.prototype.close.call(app.server)
    await idle(app.server, config.drainGraceMs)
    await app.close().catch((err: unknown) => {
      if ((err as { code?: string }).code !== 'ERR_SERVER_NOT_RUNNING') throw err
    })
    await webhooks?.stop()
    metricsServer?.close()
    await container.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('message', (message) => {
    if (message === SHUTDOWN_MESSAGE) void shutdown('replaced')
  })

  await app.listen({ port: config.port, host: config.host })
  app.log.info({ database: container.db.kind, dataDir: config.dataDir }, 'punchcard is ready')
}

/** Resolves once the server has no open connection, or after `graceMs`. */
function idle(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const deadline = Date.now() + graceMs
    const check = () => {
      server.getConnections((_err, count) => {
        if (count === 0 || Date.now() >= deadline) resolve()
        else setTimeout(check, 25)
      })
    }
    check()
  })
}
