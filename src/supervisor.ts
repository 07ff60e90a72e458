import cluster, { type Worker } from 'node:cluster'

/** What the primary process tells a worker; the worker's side is in `main.ts`. */
export const SHUTDOWN_MESSAGE = 'punchcard:shutdown'

export interface SupervisorOptions {
  /** Server processes to keep running. */
  readonly workers: number
  /** A worker that dies before it listens, or within this long of listening, crashed at start. */
  readonly startupWindowMs: number
  /** Crashes at start in a row after which the primary gives up and exits. */
  readonly maxStartupCrashes: number
  /** Wait before replacing a worker after its first crash at start; doubles with each further one. */
  readonly restartDelayMs: number
  readonly restartDelayMaxMs: number
  /** How long a worker may take to shut down before it is killed. */
  readonly shutdownTimeoutMs: number
  readonly log: SupervisorLog
}

export interface SupervisorLog {
  info(detail: Record<string, unknown>, message: string): void
  error(detail: Record<string, unknown>, message: string): void
}

interface Tracked {
  readonly worker: Worker
  readonly forkedAt: number
  listeningAt: number | null
  /** Being replaced or stopped on purpose: its exit is no crash. */
  retiring: boolean
}

/**
 * The primary process of `WORKERS > 1`: keeps that many workers serving the
 * port. A worker that dies is replaced (at once when it had been serving,
 * after a doubling wait when it keeps dying at start, and never again after
 * `maxStartupCrashes` such deaths in a row: then the primary stops every
 * worker and exits 1). SIGHUP replaces the workers one at a time, each new
 * one listening before the old one is asked to drain, so the port never
 * lacks a worker. SIGTERM and SIGINT drain every worker, then exit.
 */
export const superviseWorkers = (options: SupervisorOptions): void => {
  const tracked = new Map<number, Tracked>()
  let stopping = false
  let rolling = false
  let crashesInARow = 0

  const fork = (): Tracked => {
    const worker = cluster.fork()
    const entry: Tracked = { worker, forkedAt: Date.now(), listeningAt: null, retiring: false }
    tracked.set(worker.id, entry)
    worker.once('listening', () => {
      entry.listeningAt = Date.now()
    })
    return entry
  }

  const listening = (entry: Tracked, timeoutMs: number): Promise<boolean> =>
    new Promise((resolve) => {
      if (entry.listeningAt !== null) return resolve(true)
      const timer = setTimeout(() => resolve(false), timeoutMs)
      entry.worker.once('listening', () => {
        clearTimeout(timer)
        resolve(true)
      })
      entry.worker.once('exit', () => {
        clearTimeout(timer)
        resolve(false)
      })
    })

  /** Asks a worker to drain and waits for it to exit, killing it past the shutdown timeout. */
  const retire = (entry: Tracked): Promise<void> =>
    new Promise((resolve) => {
      entry.retiring = true
      if (entry.worker.isDead()) return resolve()
      const killer = setTimeout(() => entry.worker.process.kill('SIGKILL'), options.shutdownTimeoutMs + 5_000)
      entry.worker.once('exit', () => {
        clearTimeout(killer)
        resolve()
      })
      if (entry.worker.isConnected()) entry.worker.send(SHUTDOWN_MESSAGE)
      else entry.worker.process.kill('SIGTERM')
    })

  cluster.on('exit', (worker, code, signal) => {
    const entry = tracked.get(worker.id)
    tracked.delete(worker.id)
    if (!entry || entry.retiring || stopping) return
    const now = Date.now()
    const atStart = entry.listeningAt === null || now - entry.listeningAt < options.startupWindowMs
    crashesInARow = atStart ? crashesInARow + 1 : 0
    options.log.error({ pid: worker.process.pid, code, signal, atStart, crashesInARow }, 'worker died')
    if (crashesInARow >= options.maxStartupCrashes) {
      options.log.error({ crashesInARow }, 'workers keep dying at start: giving up')
      void stopAll(1)
      return
    }
    const wait = atStart ? Math.min(options.restartDelayMaxMs, options.restartDelayMs * 2 ** (crashesInARow - 1)) : 0
    setTimeout(() => {
      if (!stopping) fork()
    }, wait)
  })

  const rollingRestart = async () => {
    if (rolling || stopping) return
    rolling = true
    options.log.info({ workers: tracked.size }, 'rolling restart')
    try {
      for (const old of [...tracked.values()]) {
        if (stopping) return
        if (old.retiring || old.worker.isDead()) continue
        const fresh = fork()
        if (!(await listening(fresh, options.startupWindowMs * 10))) {
          options.log.error({ pid: fresh.worker.process.pid }, 'a new worker did not start listening: rolling restart stopped, the old workers keep serving')
          await retire(fresh)
          return
        }
        await retire(old)
      }
      options.log.info({ workers: tracked.size }, 'rolling restart done')
    } finally {
      rolling = false
    }
  }

  const stopAll = async (exitCode: number) => {
    if (stopping) return
    stopping = true
    await Promise.all([...tracked.values()].map(retire))
    process.exit(exitCode)
  }

  process.on('SIGHUP', () => void rollingRestart())
  process.on('SIGTERM', () => void stopAll(0))
  process.on('SIGINT', () => void stopAll(0))

  // The first worker migrates the schema; the others start once one listens.
  let started = false
  cluster.on('listening', () => {
    if (started || stopping) return
    started = true
    for (let i = tracked.size; i < options.workers; i++) fork()
  })
  fork()
}
