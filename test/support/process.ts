import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import type { TestDatabase } from './databases.js'

const root = join(import.meta.dirname, '..', '..')

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))))
    })
  })

export interface ServerProcess {
  readonly url: string
  /** The server's process id (the primary's, with `WORKERS` above 1). */
  readonly pid: number
  stop(): Promise<void>
}

/**
 * Starts `npm start`'s entry point as its own process and waits until /health
 * answers; `nodeArgs` go to Node before the entry point (`--cpu-prof`).
 */
export const startServer = async (env: Record<string, string>, nodeArgs: readonly string[] = []): Promise<ServerProcess> => {
  const port = await freePort()
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', EXPIRY_INTERVAL_MS: '0', METRICS_PORT: '0', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  // A parent that dies without stopping the server (an uncaught error in a benchmark) takes it along.
  const orphaned = () => child.kill('SIGTERM')
  process.once('exit', orphaned)
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.off('exit', orphaned)
      resolve()
    }),
  )
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM')
    await exited
  }
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) break
    try {
      if ((await fetch(`${url}/health`)).ok && child.pid !== undefined) return { url, pid: child.pid, stop }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  await stop()
  throw new Error('the server did not start')
}

export interface CliResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs `npx punchcard <args>` the way a user would, with the given environment. */
export const runCli = (args: string[], env: Record<string, string>): Promise<CliResult> =>
  new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'bin', 'punchcard.js'), ...args], { cwd: root, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, stdout, stderr })
    })
  })

export interface SharedServers {
  readonly servers: readonly ServerProcess[]
  /** The client created for the account, as `clients create --json` printed it. */
  readonly client: { readonly accountId: number; readonly clientId: number; readonly clientSecret: string; readonly apiKey: string }
  stop(): Promise<void>
}

/**
 * A migrated database with one account, and `count` server processes on it,
 * as behind a load balancer; everything is set up through the command line
 * and `src/main.ts`, the way an operator runs it.
 */
export const startSharedServers = async (db: TestDatabase, account: string, count: number, env: Record<string, string> = {}): Promise<SharedServers> => {
  const migrated = await runCli(['migrate'], db.env)
  if (migrated.code !== 0) throw new Error(`migrate failed: ${migrated.stderr}`)
  const created = await runCli(['clients', 'create', '--account', account, '--json'], db.env)
  if (created.code !== 0) throw new Error(`clients create failed: ${created.stderr}`)
  const client = JSON.parse(created.stdout) as SharedServers['client']
  const started = await Promise.allSettled(Array.from({ length: count }, () => startServer({ ...db.env, ...env })))
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()))
  }
  const failed = started.find((s) => s.status === 'rejected')
  if (failed) {
    await stop()
    throw failed.reason
  }
  return { servers, client, stop }
}
