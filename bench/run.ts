/**
 * Load benchmark: the main operations through HTTP, side by side with the
 * same database work done directly through the driver and with a route that
 * does no work, on the embedded SQLite database and (when DATABASE_URL is
 * set) on PostgreSQL.
 *
 *   npm run bench -- [--db sqlite,postgres] [--connections 1,32,64] [--runs 3] [--duration 5]
 *                    [--scenarios live,earn,balance,transfer,give,visitor-create,visitor-list,portal-session] [--workers 2]
 *   npm run bench -- --quick     (32 connections, 1 run of 3 s: a first look in about a minute per database)
 *   npm run bench -- --profile   (the server writes a V8 CPU profile to bench/results/profiles/ when it stops)
 *
 * The server runs as its own process; load comes from this process
 * (autocannon). Every figure is the median of `runs` runs. Raw figures are
 * written to bench/results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { loadConfig } from '../src/config.js'
import { createContainer } from '../src/container.js'
import { minor } from '../src/domain/shared/amounts.js'
import { freshDatabase, type TestDbKind } from '../test/support/databases.js'
import { type ServerProcess, startServer } from '../test/support/process.js'
import { cpuSeconds, perOperation, postgresSince, selfSeconds, since } from './cpu.js'
import { type RawBench, rawBench } from './raw.js'

interface Options {
  dbs: TestDbKind[]
  connections: number[]
  runs: number
  duration: number
  scenarios: string[]
  /** Server processes (`WORKERS`); more than one only on PostgreSQL. */
  workers: number
  /** Where the server writes a V8 CPU profile of the whole run (`--profile`), or null. */
  profileDir: string | null
}

const CUSTOMERS = 200

const customerBody = (externalId: string) => ({
  externalId,
  name: externalId,
  data: { vendorId: '1', businessOwner: '1', giftCardAmount: '0', giftCardType: 'MONETARY' },
})

const VISITORS = 100

/** A full Westfield visitor registration with a unique email. */
const visitorBody = (n: string) => ({
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: `v${n}@example.com`,
  gender: 'f',
  countryCode: 'FR',
  acquisitionPcCode: 'FR-SC-123',
})

const parseArgs = (argv: string[]): Options => {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const list = (name: string, fallback: string) => (get(name) ?? fallback).split(',').filter(Boolean)
  const pgDefault = process.env.DATABASE_URL?.startsWith('postgres') ? 'sqlite,postgres' : 'sqlite'
  const quick = argv.includes('--quick')
  return {
    dbs: list('db', pgDefault) as TestDbKind[],
    connections: list('connections', quick ? '32' : '1,32,64').map(Number),
    runs: Number(get('runs') ?? (quick ? 1 : 3)),
    duration: Number(get('duration') ?? (quick ? 3 : 5)),
    scenarios: list('scenarios', 'live,earn,balance,transfer,give,visitor-create,visitor-list,portal-session'),
    workers: Number(get('workers') ?? 1),
    profileDir: argv.includes('--profile') ? join(import.meta.dirname, 'results', 'profiles') : null,
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

/** The median of readings that all exist, or null. */
const medianOf = (values: (number | null)[]): number | null => (values.every((v): v is number => v !== null) && values.length > 0 ? median(values) : null)

interface Measure {
  rps: number
  p50: number
  p99: number
  errors: number
  /** The server's CPU time per answered request, in microseconds (null off Linux). */
  cpuUs: number | null
  /** The local PostgreSQL's CPU time per request (null on SQLite, which runs inside the server, or a remote database). */
  dbUs: number | null
  /** The load generator's CPU time per request. */
  clientUs: number | null
}

/** A raw ceiling's rate, with the CPU its database and its client spent per operation. */
interface RawMeasure {
  rps: number
  dbUs: number | null
  clientUs: number | null
}

type Request = { method: 'GET' | 'POST'; path: string; body?: string }

/** One scenario: the bearer token its dialect takes and the next request to send. */
interface Scenario {
  token: string
  next: () => Request
}

/** Runs `work`, which does `operations()` operations, and reports the CPU each side spent per operation. */
const accounted = async <T>(
  kind: TestDbKind,
  work: () => Promise<T>,
  operations: (result: T) => number,
): Promise<{ result: T; dbUs: number | null; clientUs: number | null }> => {
  const database = kind === 'postgres' ? postgresSince() : () => null
  const client = since(selfSeconds)
  const result = await work()
  const n = operations(result)
  return { result, dbUs: perOperation(database(), n), clientUs: perOperation(client(), n) }
}

const load = async (kind: TestDbKind, server: ServerProcess, connections: number, duration: number, scenario: Scenario): Promise<Measure> => {
  const serverCpu = since(() => cpuSeconds(server.pid))
  const { result, dbUs, clientUs } = await accounted(
    kind,
    () =>
      autocannon({
        url: server.url,
        connections,
        duration,
        headers: { authorization: `Bearer ${scenario.token}`, 'content-type': 'application/json' },
        requests: [{ setupRequest: (req) => ({ ...req, ...scenario.next() }) }],
      }),
    (r) => r.requests.total,
  )
  const cpuUs = perOperation(serverCpu(), result.requests.total)
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors, cpuUs, dbUs, clientUs }
}

interface Row {
  db: TestDbKind
  scenario: string
  connections: number
  api: Measure
  raw: number | null
  /** The raw ceiling's CPU per operation (medians), on its database and in its client. */
  rawCpu: { dbUs: number | null; clientUs: number | null } | null
  empty: number | null
  /** The machine's one-minute load average when the scenario finished: how noisy its figures are. */
  load: number
}

const benchDatabase = async (kind: TestDbKind, opts: Options): Promise<Row[]> => {
  const db = freshDatabase(kind)
  /*
   * PostgreSQL: the server's pool and the raw ceiling get the same number of
   * connections, enough for the highest load (at most 32, to stay clear of
   * max_connections on a shared server); DATABASE_POOL_SIZE overrides it.
   */
  const poolSize = process.env.DATABASE_POOL_SIZE || String(Math.min(32, Math.max(10, ...opts.connections)))
  const serverEnv = { ...db.env, DATABASE_POOL_SIZE: poolSize }
  if (kind === 'postgres')
    process.stdout.write(`postgres: ${poolSize} connections per server process and for the raw ceiling, ${opts.workers} server process(es)\n`)
  const container = await createContainer(loadConfig({ ...db.env, EXPIRY_INTERVAL_MS: '0' }))
  const client = await container.auth.createClient({ accountName: 'bench' })
  for (let i = 0; i < CUSTOMERS; i++) {
    await container.ledger.post(
      { accountId: client.accountId },
      { contact: { kind: 'external_id', value: `c${i}` }, type: 'COINS RELOAD', code: `seed-${i}`, amount: minor(1e12) },
    )
  }
  // The Leat portal sessions open at a shop, registered as the operator does.
  const shop = await container.uow.run((tx) => tx.shops.create({ accountId: client.accountId, externalId: 'bench', name: 'bench', now: container.clock.now() }))
  await container.close()

  const profiling = opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : []
  const server = await startServer({ ...serverEnv, WORKERS: String(kind === 'postgres' ? opts.workers : 1) }, profiling)
  const base = server.url
  const key = client.apiKey
  const send = async (method: string, path: string, body: unknown, token: string | null = key) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    })
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
    return (await res.json()) as Record<string, unknown>
  }
  // Westfield visitors for the list to page through, and a Pegke token obtained as a merchant's application does.
  for (let i = 0; i < VISITORS; i++) await send('POST', '/westfield/visitors', visitorBody(`seed-${i}`))
  const pegke = await send(
    'POST',
    '/pegke/oauth2/token',
    { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret },
    null,
  )
  const pegkeToken = String(pegke.access_token)
  let counter = 0
  const customer = () => `c${Math.floor(Math.random() * CUSTOMERS)}`
  const api = (next: () => Request): Scenario => ({ token: key, next })
  const scenarios: Record<string, Scenario> = {
    live: api(() => ({ method: 'GET', path: '/health/live' })),
    earn: api(() => ({
      method: 'POST',
      path: '/msloyalty/api/transaction',
      body: JSON.stringify({ type: 'POINTS ORDER', code: `o${process.pid}-${++counter}`, total: 10, description: 'bench', customer: customerBody(customer()) }),
    })),
    balance: api(() => ({ method: 'GET', path: `/msloyalty/api/customer/findByExternalId?externalId=${customer()}` })),
    transfer: api(() => {
      const from = Math.floor(Math.random() * CUSTOMERS)
      const to = (from + 1 + Math.floor(Math.random() * (CUSTOMERS - 1))) % CUSTOMERS
      return {
        method: 'POST',
        path: '/msloyalty/api/transaction/transfer',
        body: JSON.stringify({
          type: 'COINS TRANSFER',
          total: 1,
          customerFrom: { externalId: `c${from}`, name: `c${from}` },
          customerTo: { externalId: `c${to}`, name: `c${to}` },
        }),
      }
    }),
    give: {
      token: pegkeToken,
      next: () => ({ method: 'POST', path: '/pegke/entity/user?_format=json', body: JSON.stringify({ idType: 'cid', cid: customer(), points: 10 }) }),
    },
    'visitor-create': api(() => ({ method: 'POST', path: '/westfield/visitors', body: JSON.stringify(visitorBody(`${process.pid}-${++counter}`)) })),
    'visitor-list': api(() => ({ method: 'GET', path: '/westfield/visitors' })),
    'portal-session': api(() => ({ method: 'POST', path: '/leat/api/v3/oauth/clients/portal-sessions', body: JSON.stringify({ shop_uuid: shop.uuid }) })),
  }

  const rows: Row[] = []
  const raw: RawBench = await rawBench(kind, serverEnv, CUSTOMERS)
  try {
    for (const connections of opts.connections) {
      const empty: number[] = []
      for (const scenario of opts.scenarios) {
        const next = scenarios[scenario]
        if (!next) throw new Error(`unknown scenario ${scenario}`)
        const runs: Measure[] = []
        const raws: RawMeasure[] = []
        await raw.settle()
        for (let r = 0; r < opts.runs; r++) {
          runs.push(await load(kind, server, connections, opts.duration, next))
          const ceiling = raw.ceilings[scenario]
          if (ceiling) {
            const { result, dbUs, clientUs } = await accounted(
              kind,
              () => ceiling(connections, opts.duration),
              (rps) => rps * opts.duration,
            )
            raws.push({ rps: result, dbUs, clientUs })
          }
        }
        const api = {
          rps: median(runs.map((m) => m.rps)),
          p50: median(runs.map((m) => m.p50)),
          p99: median(runs.map((m) => m.p99)),
          cpuUs: medianOf(runs.map((m) => m.cpuUs)),
          dbUs: medianOf(runs.map((m) => m.dbUs)),
          clientUs: medianOf(runs.map((m) => m.clientUs)),
          errors: runs.reduce((n, m) => n + m.errors, 0),
        }
        // A throughput of failed requests measures nothing: stop rather than print it.
        if (api.errors > 0) throw new Error(`${kind} ${scenario} at ${connections} connections: ${api.errors} requests failed`)
        if (scenario === 'live') empty.push(api.rps)
        const row: Row = {
          db: kind,
          scenario,
          connections,
          api,
          raw: raws.length ? median(raws.map((r) => r.rps)) : null,
          rawCpu: raws.length ? { dbUs: medianOf(raws.map((r) => r.dbUs)), clientUs: medianOf(raws.map((r) => r.clientUs)) } : null,
          empty: empty.length ? median(empty) : null,
          load: loadavg()[0] ?? 0,
        }
        rows.push(row)
        printRow(row)
      }
    }
  } finally {
    await raw.close()
    await server.stop()
    await db.drop()
  }
  return rows
}

const pct = (a: number, b: number | null) => (b ? `${Math.round((a / b) * 100)}%` : '-')

const printRow = (r: Row) => {
  process.stdout.write(
    `${r.db.padEnd(9)}${r.scenario.padEnd(16)}${String(r.connections).padStart(5)}${r.api.rps.toFixed(0).padStart(9)}${r.api.p50.toFixed(1).padStart(8)}${r.api.p99.toFixed(1).padStart(8)}` +
      `${(r.raw === null ? '-' : r.raw.toFixed(0)).padStart(10)}${pct(r.api.rps, r.raw).padStart(9)}${pct(r.api.rps, r.empty).padStart(11)}${(r.api.cpuUs === null ? '-' : r.api.cpuUs.toFixed(0)).padStart(8)}${String(r.api.errors).padStart(8)}${r.load.toFixed(1).padStart(7)}\n`,
  )
}

const us = (v: number | null | undefined) => (v === null || v === undefined ? '-' : v.toFixed(0))
const sum = (...values: (number | null | undefined)[]) => (values.every((v) => typeof v === 'number') ? values.reduce<number>((a, v) => a + (v ?? 0), 0) : null)

/**
 * Where the machine's CPU went per request. On a machine where the server,
 * the database and the load generator share the cores, the API's rate
 * against the raw ceiling's follows the CPU each spends per operation:
 * `cpu raw/api` is the raw operation's total over the API request's.
 */
const printCpu = (rows: Row[]) => {
  // SQLite's raw ceiling is one loop waiting on an fsync per transaction: its rate follows the disk, not the CPU.
  const accounted = rows.filter((r) => r.db === 'postgres' && r.api.cpuUs !== null && r.rawCpu !== null)
  if (accounted.length === 0) return
  process.stdout.write('\nCPU per request, µs (medians): API = server + database + load generator; raw = database + client\n')
  process.stdout.write(
    `${'db'.padEnd(9)}${'scenario'.padEnd(16)}${'conns'.padStart(5)}${'server'.padStart(8)}${'db'.padStart(8)}${'gen'.padStart(8)}${'total'.padStart(8)}${'raw db'.padStart(8)}${'raw cl'.padStart(8)}${'total'.padStart(8)}${'cpu raw/api'.padStart(13)}${'api/raw'.padStart(9)}\n`,
  )
  for (const r of accounted) {
    const api = sum(r.api.cpuUs, r.api.dbUs, r.api.clientUs)
    const raw = sum(r.rawCpu?.dbUs, r.rawCpu?.clientUs)
    process.stdout.write(
      `${r.db.padEnd(9)}${r.scenario.padEnd(16)}${String(r.connections).padStart(5)}${us(r.api.cpuUs).padStart(8)}${us(r.api.dbUs).padStart(8)}${us(r.api.clientUs).padStart(8)}${us(api).padStart(8)}` +
        `${us(r.rawCpu?.dbUs).padStart(8)}${us(r.rawCpu?.clientUs).padStart(8)}${us(raw).padStart(8)}${(raw !== null && api ? pct(raw, api) : '-').padStart(13)}${pct(r.api.rps, r.raw).padStart(9)}\n`,
    )
  }
}

const main = async () => {
  const opts = parseArgs(process.argv.slice(2))
  process.stdout.write(`runs ${opts.runs} x ${opts.duration}s, medians; raw = the same database work through the driver, no HTTP\n`)
  process.stdout.write(
    `${'db'.padEnd(9)}${'scenario'.padEnd(16)}${'conns'.padStart(5)}${'req/s'.padStart(9)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'raw/s'.padStart(10)}${'api/raw'.padStart(9)}${'api/empty'.padStart(11)}${'cpu µs'.padStart(8)}${'non2xx'.padStart(8)}${'load'.padStart(7)}\n`,
  )
  const rows: Row[] = []
  const dir = join(import.meta.dirname, 'results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
  // Written after each database, so a failure on one keeps the figures of the others.
  for (const kind of opts.dbs) {
    rows.push(...(await benchDatabase(kind, opts)))
    writeFileSync(file, JSON.stringify({ options: opts, node: process.version, rows }, null, 2))
  }
  printCpu(rows)
  process.stdout.write(`raw figures: ${file}\n`)
}

await main()
