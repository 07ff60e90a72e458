import type { DispatchReport, WebhookDispatcher } from '../../domain/webhooks/webhook-delivery.service.js'

export interface WebhookWorker {
  /** Stops polling and waits for a step in progress to finish. */
  stop(): Promise<void>
}

export interface WorkerLog {
  info(report: DispatchReport, message: string): void
  error(detail: { err: unknown }, message: string): void
}

/**
 * Runs dispatch steps in the background, one at a time, `intervalMs` after
 * the previous one ended. Everything it needs is in the database, so a
 * process that stops or dies leaves nothing behind that another cannot finish.
 */
export const startWebhookWorker = (dispatcher: WebhookDispatcher, intervalMs: number, log: WorkerLog): WebhookWorker => {
  let stopped = false
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> = Promise.resolve()

  const step = async () => {
    try {
      const report = await dispatcher.runOnce()
      if (report.queued > 0 || report.attempted > 0) log.info(report, 'webhooks dispatched')
    } catch (err) {
      log.error({ err }, 'webhook dispatch failed')
    }
  }

  const schedule = () => {
    if (stopped) return
    timer = setTimeout(() => {
      running = step().then(schedule)
    }, intervalMs)
    timer.unref()
  }

  schedule()
  return {
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      await running
    },
  }
}
