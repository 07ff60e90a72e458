import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUnitOfWork } from '../../src/infra/db/unit-of-work.js'
import type { Stores as Tx } from '../../src/infra/stores/index.js'
import { createTestApp, type TestApp } from '../support/app.js'
import { databaseKinds } from '../support/databases.js'

/**
 * Units of work that arrive together may share one database commit (SQLite
 * group commit); each of them still commits all or nothing, on its own.
 */
describe.each(databaseKinds())('the unit of work under concurrent callers on %s', (kind) => {
  let t: TestApp
  let run: <T>(work: (tx: Tx) => Promise<T>) => Promise<T>
  const now = Date.parse('2026-03-10T12:00:00Z')
  let prefix = 0

  beforeAll(async () => {
    t = await createTestApp(kind)
    run = (work) => t.container.uow.run(work)
  })
  afterAll(() => t.close())

  const names = () => {
    prefix++
    return (i: number) => `uow-${prefix}-${i}`
  }
  /** Reads through the read path, which sees committed data only. */
  const committed = (name: string) => t.container.uow.read((tx) => tx.accounts.findByName(name))

  it('keeps the writes of every caller that succeeded and none of a caller that failed, when they arrive together', async () => {
    const name = names()
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        run(async (tx) => {
          await tx.accounts.create({ name: name(i), timeZone: 'UTC', now })
          if (i % 5 === 0) throw new Error(`caller ${i} changed its mind`)
          return i
        }),
      ),
    )
    for (const [i, outcome] of outcomes.entries()) {
      expect(outcome.status).toBe(i % 5 === 0 ? 'rejected' : 'fulfilled')
      expect(await committed(name(i))).toEqual(i % 5 === 0 ? null : expect.objectContaining({ name: name(i) }))
    }
  })

  it('runs a caller again after a transient conflict, and the others exactly once', async () => {
    const name = names()
    const attempts = new Map<number, number>()
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        run(async (tx) => {
          const attempt = (attempts.get(i) ?? 0) + 1
          attempts.set(i, attempt)
          await tx.accounts.create({ name: name(i), timeZone: 'UTC', now })
          // What the database answers to a write that lost a race: the unit of work retries it.
          if (i === 3 && attempt === 1) throw Object.assign(new Error('conflict'), { code: kind === 'sqlite' ? 'SQLITE_BUSY' : '40001' })
          return (await tx.accounts.findByName(name(i)))?.id
        }),
      ),
    )
    expect(results.every((id) => typeof id === 'number')).toBe(true)
    expect([...attempts.entries()].filter(([, n]) => n !== 1)).toEqual([[3, 2]])
    for (let i = 0; i < 10; i++) expect((await committed(name(i)))?.id).toBe(results[i])
  })

  it('tells its retry hook of each conflict it runs a caller again after, and keeps nothing of the failed attempt', async () => {
    const name = names()
    await run((tx) => tx.accounts.create({ name: name(0), timeZone: 'UTC', now }))
    const heard: unknown[] = []
    const uow = createUnitOfWork(t.container.db, { onRetry: (error) => heard.push(error) })
    let attempts = 0
    const id = await uow.run(async (tx) => {
      attempts++
      if (attempts === 1) {
        await tx.accounts.create({ name: name(1), timeZone: 'UTC', now })
        // A unique key another writer got first: the database refuses it, and the unit of work retries.
        await tx.accounts.create({ name: name(0), timeZone: 'UTC', now })
      }
      return (await tx.accounts.create({ name: name(2), timeZone: 'UTC', now })).id
    })
    expect(attempts).toBe(2)
    expect(heard.map((error) => (error as { code?: unknown }).code)).toEqual([kind === 'sqlite' ? 'SQLITE_CONSTRAINT_UNIQUE' : '23505'])
    expect(await committed(name(1))).toBeNull()
    expect(await committed(name(2))).toEqual(expect.objectContaining({ id }))
  })

  it('answers a caller only once its writes are committed', async () => {
    const name = names()
    const done = await Promise.all(
      Array.from({ length: 10 }, (_, i) => run((tx) => tx.accounts.create({ name: name(i), timeZone: 'UTC', now })).then(() => committed(name(i)))),
    )
    expect(done.map((a) => a?.name)).toEqual(Array.from({ length: 10 }, (_, i) => name(i)))
  })

  it('gives up on a caller whose conflict never clears, without holding back the others', async () => {
    const name = names()
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        run(async (tx) => {
          await tx.accounts.create({ name: name(i), timeZone: 'UTC', now })
          if (i === 0) throw Object.assign(new Error('conflict'), { code: kind === 'sqlite' ? 'SQLITE_BUSY' : '40001' })
        }),
      ),
    )
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'])
    expect(await committed(name(0))).toBeNull()
  })
})
