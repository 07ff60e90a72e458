import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { createLedgerService } from '../../src/domain/ledger/ledger.service.js'
import { openDatabase } from '../../src/infra/db/database.js'
import { createUnitOfWork } from '../../src/infra/db/unit-of-work.js'
import { customer, dataOf, type Transaction } from '../api/msloyalty/support.js'
import { call, createTestApp, type Json, type TestApp } from '../support/app.js'
import { databaseKinds } from '../support/databases.js'

interface Lookup {
  exists: boolean
  /** A number here, as the document shows it; transactions carry it as a string. */
  id: number | null
  totals: { total_amount: string; unit: { name: string } }[]
}

const codeOf = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : error instanceof Error ? error.message : String(error)

/**
 * The application over the same database through a unit of work of its own
 * that records every transient conflict it retries. The unit of work retries
 * a deadlock PostgreSQL broke, and the retry succeeds, so a deadlock shows in
 * no answer: only in this record.
 */
const recordingApp = async (t: TestApp): Promise<{ app: FastifyInstance; errors: string[]; close(): Promise<void> }> => {
  const errors: string[] = []
  const { config } = t.container
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    schema: config.databaseSchema,
    sqlitePath: join(config.dataDir, 'punchcard.sqlite'),
    poolSize: config.databasePoolSize,
  })
  const uow = createUnitOfWork(db, { onRetry: (error) => errors.push(codeOf(error)) })
  const app = await buildApp({ ...t.container, db, uow, ledger: createLedgerService({ uow, clock: t.container.clock }) })
  await app.ready()
  return {
    app,
    errors,
    async close() {
      await app.close()
      await db.close()
    },
  }
}

describe.each(databaseKinds())('the ledger under concurrent requests on %s', (kind) => {
  let t: TestApp
  let key: string
  beforeAll(async () => {
    t = await createTestApp(kind)
    key = (await t.newClient()).apiKey
  })
  afterAll(() => t.close())

  const post = (path: string, body: Json, app: FastifyInstance = t.app, token = key) => call(app, 'POST', `/msloyalty/api${path}`, { token, body })
  const transaction = (externalId: string, total: number, code: string, token = key) =>
    post('/transaction', { type: 'POINTS ORDER', code, total, description: 'test', customer: customer(externalId) }, t.app, token)
  const lookup = async (externalId: string, token = key): Promise<Lookup> =>
    dataOf<Lookup>(await call(t.app, 'GET', `/msloyalty/api/customer/findByExternalId?externalId=${externalId}`, { token }))
  const points = async (externalId: string) => (await lookup(externalId)).totals.find((x) => x.unit.name === 'POINTS')?.total_amount
  const mismatches = async () => (await t.container.ledger.check()).mismatches

  it('lets 50 parallel debits take exactly what the balance holds and never more', async () => {
    expect((await transaction('racer', 1000, 'fund')).status).toBe(200)

    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => transaction('racer', -30, `spend-${i}`)))

    const accepted = results.filter((r) => r.status === 200)
    const refused = results.filter((r) => r.status !== 200)
    expect(accepted).toHaveLength(33)
    expect(refused).toHaveLength(17)
    for (const r of refused) {
      expect(r.body).toMatchObject({ code: 422, status: 'error', warning: { code: 'ledger.insufficient_balance', field: 'total' } })
    }
    // Each accepted debit started from the balance the one before it left:
    // together they report 970, 940, ... 10, each once, and nothing below zero.
    const reported = accepted.map((r) => Number(dataOf<Transaction>(r).customer.totals[0]?.total_amount)).sort((a, b) => b - a)
    expect(reported).toEqual(Array.from({ length: 33 }, (_, i) => 970 - 30 * i))
    expect(await points('racer')).toBe('10.00')
    // A refused debit leaves nothing behind: the fund and 33 debits.
    const history = await call(t.app, 'GET', '/msloyalty/api/transaction/history?customerId=racer&page=1', { token: key })
    expect(history.body.meta).toMatchObject({ total: 34 })
    expect(await mismatches()).toEqual([])
  })

  it('moves points both ways between two customers 50 times at once without a deadlock, and keeps their total', async () => {
    expect((await transaction('left', 500, 'fund-left')).status).toBe(200)
    expect((await transaction('right', 500, 'fund-right')).status).toBe(200)
    const recording = await recordingApp(t)
    try {
      // Half go left to right and half right to left, interleaved. Each one
      // also renames both customers, so it writes both contact rows as well as
      // both wallets: two transfers in opposite directions meet on all four.
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => {
          const [from, to] = i % 2 ? ['left', 'right'] : ['right', 'left']
          const body = {
            type: 'BALANCE TRANSFER',
            total: 7,
            customerFrom: { externalId: from, name: `sender ${i}` },
            customerTo: { externalId: to, name: `receiver ${i}` },
          }
          return post('/transaction/transfer', body, recording.app)
        }),
      )
      expect(results.map((r) => r.status)).toEqual(Array(50).fill(200))
      expect(recording.errors).toEqual([])
    } finally {
      await recording.close()
    }
    expect([await points('left'), await points('right')]).toEqual(['500.00', '500.00'])
    expect(await mismatches()).toEqual([])
  })

  it('reverses a transaction exactly once when ten reversals of it arrive together', async () => {
    expect((await transaction('rev', 100, 'to-reverse')).status).toBe(200)

    const results = await Promise.all(Array.from({ length: 10 }, () => post('/transaction/reverse', { type: 'POINTS ORDER', code: 'to-reverse' })))

    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(r.body).toMatchObject({ code: 422, warning: { code: 'ledger.already_reversed', field: 'code' } })
    }
    expect(await points('rev')).toBe('0.00')
    const byCode = await call(t.app, 'GET', '/msloyalty/api/transaction/transactionByCode?type=POINTS%20ORDER&code=to-reverse', { token: key })
    expect(dataOf<Transaction[]>(byCode).map((x) => [x.type, x.total])).toEqual([
      ['CREDIT', '100.00'],
      ['DEBIT', '100.00'],
    ])
    expect(await mismatches()).toEqual([])
  })

  it('registers one customer with one wallet when 20 first credits for them arrive together', async () => {
    // An account of its own, so that its customers and wallets can be counted.
    const { accountId, apiKey } = await t.newClient()

    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => transaction('newcomer', 5, `first-${i}`, apiKey)))

    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200))
    const found = await lookup('newcomer', apiKey)
    expect(found.exists).toBe(true)
    expect([...new Set(results.map((r) => dataOf<Transaction>(r).customer.id))]).toEqual([String(found.id)])
    expect(found.totals).toEqual([expect.objectContaining({ total_amount: '100.00', unit: expect.objectContaining({ name: 'POINTS' }) })])
    const { reader } = t.container.db
    const count = async (table: 'contacts' | 'contact_identifiers' | 'wallets') =>
      Number(
        (
          await reader
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('account_id', '=', accountId)
            .executeTakeFirstOrThrow()
        ).n,
      )
    expect([await count('contacts'), await count('contact_identifiers'), await count('wallets')]).toEqual([1, 1, 1])
    expect(await mismatches()).toEqual([])
  })
})
