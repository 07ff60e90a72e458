import cluster from 'node:cluster'
import { buildApp } from './app.js'
import { loadConfig } from './config.js'
import { createContainer } from './container.js'
import { isPostgresUrl } from './infra/db/database.js'
import { startWebhookWorker } from './infra/webhooks/worker.js'

const config = loadConfig()

/*
 * WORKERS > 1: that many server processes share the port (node:cluster), so
 * request handling uses every core. PostgreSQL only: SQLite has one writer,
 * and one process shares its commits between requests (group commit).
 */
if (config.workers > 1 && cluster.isPrimary) {
  if (!isPostgresUrl(config.databaseUrl)) {
    process.stderr.write('WORKERS > 1 needs PostgreSQL (DATABASE_URL); the embedded SQLite database runs in one process\n')
    process.exit(1)
  }
  let stopping = false
  // A worker that dies takes the server down with it, rather than leave it half-sized.
  cluster.on('exit', (_worker, code) => {
    if (!stopping) {
      stopping = true
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM')
      process.exitCode = code || 1
    }
  })
  // The first worker migrates the schema; the others start once it listens.
  cluster.fork().once('listening', () => {
    for (let i = 1; i < config.workers; i++) cluster.fork()
  })
  const stopAll = () => {
    stopping = true
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM')
  }
  process.on('SIGINT', stopAll)
  process.on('SIGTERM', stopAll)
} else {
  await serve()
}

async function serve() {
  const container = await createContainer(config)
  const app = await buildApp(container, { logger: true })

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

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    if (expiry) clearInterval(expiry)
    await app.close()
    await webhooks?.stop()
    await container.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))

  await app.listen({ port: config.port, host: config.host })
  app.log.info({ database: container.db.kind, dataDir: config.dataDir }, 'punchcard is ready')
}
