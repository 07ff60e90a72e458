import { execFile } from 'node:child_process'
import { get } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isPostgresUrl } from '../../src/infra/db/database.js'
import { customer } from '../api/msloyalty/support.js'
import { databaseKinds, freshDatabase, type TestDatabase } from '../support/databases.js'
import { freePort, runCli, type ServerProcess, startServer } from '../support/process.js'

/** What a bounded write load saw: the codes of the credits the server acknowledged, and every failure. */
interface Load {
  readonly acknowledged: string[]
  readonly failures: string[]
  stop(): Promise<void>
}

/** `connections` clients crediting one customer in a loop, each with its own keep-alive connection, until stopped. */
const startLoad = (url: string, key: string, connections: number, prefix: string): Load => {
  const acknowledged: string[] = []
  const failures: string[] = []
  let running = true
  let n = 0
  const client = async () => {
    while (running) {
      const code = `${prefix}-${++n}`
      try {
        const res = await fetch(`${url}/msloyalty/api/transaction`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'POINTS COUPON', code, total: 1, description: 'load', customer: customer(`${prefix}-customer`) }),
        })
        const text = await res.text()
        if (res.status === 200) acknowledged.push(code)
        else failures.push(`${code}: ${res.status} ${text}`)
      } catch (error) {
        failures.push(`${code}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`)
      }
    }
  }
  const clients = Array.from({ length: connections }, client)
  return {
    acknowledged,
    failures,
    async stop() {
      running = false
      await Promise.all(clients)
    },
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The ids of a process's children: a cluster primary's workers. */
const childrenOf = (pid: number): Promise<number[]> =>
  new Promise((resolve) =>
    execFile('ps', ['-o', 'pid=', '--ppid', String(pid)], (_error, stdout) =>
      resolve(
        stdout
          .split('\n')
          .map((line) => Number(line.trim()))
          .filter((p) => p > 0),
      ),
    ),
  )

/** Which process answers `/health/live` on a new connection: the primary hands each connection to the next worker in turn. */
const answeringPid = (url: string): Promise<number> =>
  new Promise((resolve) => {
    get(`${url}/health/live`, { agent: false }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString()
      })
      res.on('end', () => resolve((JSON.parse(body) as { pid: number }).pid))
    }).on('error', () => resolve(0))
  })

/** The value of one sample of a Prometheus exposition, 0 when absent. */
const sample = (text: string, name: string, labels: Record<string, string> = {}): number => {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`)
  const line = text.split('\n').find((l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `) ? wanted.every((w) => l.includes(w)) : false))
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0
}

const found = async (url: string, key: string, code: string): Promise<boolean> => {
  const res = await fetch(`${url}/msloyalty/api/transaction/transactionByCode?type=${encodeURIComponent('POINTS COUPON')}&code=${code}`, {
    headers: { authorization: `Bearer ${key}` },
  })
  return res.status === 200
}

describe.each(databaseKinds())('one server process (%s)', (kind) => {
  let db: TestDatabase
  let server: ServerProcess
  let metricsPort: number
  let key = ''

  beforeAll(async () => {
    db = freshDatabase(kind)
    await runCli(['migrate'], db.env)
    key = JSON.parse((await runCli(['clients', 'create', '--account', 'ops', '--json'], db.env)).stdout).apiKey
    metricsPort = await freePort()
    server = await startServer({ ...db.env, METRICS_PORT: String(metricsPort) })
  })
  afterAll(async () => {
    await server?.stop()
    await db?.drop()
  })

  it('tells liveness from readiness', async () => {
    expect(await (await fetch(`${server.url}/health/live`)).json()).toEqual({ status: 'ok', pid: server.pid })
    const ready = await fetch(`${server.url}/health/ready`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: true, migrations: true, relay: true } })
  })

  it('serves Prometheus metrics on its own port: requests by route, ledger entries by kind, the outbox, process figures', async () => {
    const load = startLoad(server.url, key, 4, `metrics-${kind}`)
    await sleep(500)
    await load.stop()
    expect(load.failures).toEqual([])
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/plain')
    const text = await res.text()
    const labels = { dialect: 'msloyalty', route: '/msloyalty/api/transaction', method: 'POST', status: '200' }
    expect(sample(text, 'punchcard_http_request_duration_seconds_count', labels)).toBe(load.acknowledged.length)
    expect(sample(text, 'punchcard_ledger_entries_total', { kind: 'standard', unit: 'POINTS' })).toBe(load.acknowledged.length)
    expect(sample(text, 'punchcard_domain_events_total', { type: 'ledger.entry.created' })).toBe(load.acknowledged.length)
    expect(text).toMatch(/^punchcard_outbox_lag_seconds \d/m)
    expect(text).toMatch(/^punchcard_nodejs_eventloop_lag_seconds \d/m)
    expect(text).toMatch(/^punchcard_process_cpu_user_seconds_total \d/m)
    if (kind === 'sqlite') expect(sample(text, 'punchcard_group_commit_units_count')).toBeGreaterThan(0)
    else expect(sample(text, 'punchcard_db_pool_connections', { state: 'total' })).toBeGreaterThan(0)
    expect((await fetch(`http://127.0.0.1:${metricsPort}/other`)).status).toBe(404)
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404)
  })

  it('finishes what is in flight on SIGTERM: every acknowledged write is there after a restart', async () => {
    const load = startLoad(server.url, key, 16, `term-${kind}`)
    await sleep(700)
    await server.stop()
    await load.stop()
    expect(load.acknowledged.length).toBeGreaterThan(0)
    server = await startServer({ ...db.env, METRICS_PORT: String(metricsPort) })
    const missing: string[] = []
    for (const code of load.acknowledged) if (!(await found(server.url, key, code))) missing.push(code)
    expect(missing).toEqual([])
    const check = await runCli(['check'], db.env)
    expect(check.stdout).toMatch(/, 0 mismatches\n$/)
  })
})

/** WORKERS=2 behind one port: the primary replaces a dead worker and restarts them one at a time on SIGHUP. */
describe.runIf(isPostgresUrl(process.env.DATABASE_URL))('two workers on one port (postgres)', () => {
  let db: TestDatabase
  let server: ServerProcess
  let metricsPort: number
  let key = ''
  const CONNECTIONS = 16

  beforeAll(async () => {
    db = freshDatabase('postgres')
    await runCli(['migrate'], db.env)
    key = JSON.parse((await runCli(['clients', 'create', '--account', 'workers', '--json'], db.env)).stdout).apiKey
    metricsPort = await freePort()
    server = await startServer({ ...db.env, WORKERS: '2', METRICS_PORT: String(metricsPort) })
    await waitForWorkers(2)
  }, 120_000)
  afterAll(async () => {
    await server?.stop()
    await db?.drop()
  })

  /** Waits until `count` workers, none of them in `other`, have each answered on the port. */
  const waitForWorkers = async (count: number, other: readonly number[] = []) => {
    const answered = new Set<number>()
    for (let i = 0; i < 1200; i++) {
      const workers = await childrenOf(server.pid)
      const live = await answeringPid(server.url)
      if (workers.includes(live)) answered.add(live)
      if (workers.length === count && workers.every((w) => !other.includes(w) && answered.has(w))) return workers
      await sleep(50)
    }
    throw new Error(`the primary did not reach ${count} serving workers`)
  }

  it('replaces a worker killed under load; only requests in flight on it fail, and the port answers throughout', { timeout: 120_000 }, async () => {
    const [victim] = await waitForWorkers(2)
    const load = startLoad(server.url, key, CONNECTIONS, 'kill')
    await sleep(500)
    process.kill(victim ?? 0, 'SIGKILL')
    await sleep(300)
    const during = load.acknowledged.length
    await sleep(700)
    expect(load.acknowledged.length).toBeGreaterThan(during)
    const workers = await waitForWorkers(2, [victim ?? 0])
    expect(workers).not.toContain(victim)
    await sleep(300)
    await load.stop()
    expect(load.failures.length).toBeLessThanOrEqual(CONNECTIONS)
    for (const code of load.acknowledged.slice(-20)) expect(await found(server.url, key, code)).toBe(true)
  })

  it('restarts both workers one at a time on SIGHUP with no failed request', { timeout: 120_000 }, async () => {
    const before = await waitForWorkers(2)
    const load = startLoad(server.url, key, CONNECTIONS, 'hup')
    await sleep(500)
    process.kill(server.pid, 'SIGHUP')
    await waitForWorkers(2, before)
    await sleep(500)
    await load.stop()
    expect(load.failures).toEqual([])
    expect(load.acknowledged.length).toBeGreaterThan(0)
  })

  it('answers /metrics for every worker from the primary', async () => {
    const load = startLoad(server.url, key, 4, 'sum')
    await sleep(400)
    await load.stop()
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()
    const labels = { dialect: 'msloyalty', route: '/msloyalty/api/transaction', method: 'POST', status: '200' }
    // The workers started by the restart above answered every one of this load's requests.
    expect(sample(text, 'punchcard_http_request_duration_seconds_count', labels)).toBeGreaterThanOrEqual(load.acknowledged.length)
    expect(sample(text, 'punchcard_ledger_entries_total', { kind: 'standard', unit: 'POINTS' })).toBeGreaterThanOrEqual(load.acknowledged.length)
  })
})
