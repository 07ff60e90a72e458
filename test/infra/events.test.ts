import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StoredEvent } from '../../src/domain/shared/events.js'
import { createEventBus } from '../../src/infra/events/bus.js'
import { createEventReader } from '../../src/infra/events/reader.js'
import { openSubscription } from '../../src/infra/events/subscription.js'
import { createTestApp, type TestApp } from '../support/app.js'
import { databaseKinds } from '../support/databases.js'

const event = (id: number, shopId = 1): StoredEvent => ({ id, accountId: 1, shopId, type: 'test', payload: { n: id }, occurredAt: id })

describe('event subscriptions', () => {
  it('replays up to the watermark, then goes live, without a gap or a duplicate', async () => {
    const bus = createEventBus()
    bus.deliver([event(1), event(2), event(3)], 3)
    const table = [event(1), event(2), event(3), event(4)]
    const got: number[] = []
    const sub = await openSubscription({
      bus,
      after: 1,
      head: async () => 3,
      matches: () => true,
      replay: async (after, upTo) => {
        // Event 4 reaches the bus while the replay reads the table.
        bus.deliver([event(4)], 4)
        return table.filter((e) => e.id > after && e.id <= upTo)
      },
      send: async (e) => void got.push(e.id),
      push: (e) => got.push(e.id) > 0,
      overflow: () => {},
    })
    bus.deliver([event(4), event(5)], 5)
    expect(got).toEqual([2, 3, 4, 5])
    sub.close()
    bus.deliver([event(6)], 6)
    expect(got).toEqual([2, 3, 4, 5])
  })

  it('drops a subscriber that falls behind and keeps serving the others', async () => {
    const bus = createEventBus()
    bus.deliver([], 0)
    let dropped = 0
    const fast: number[] = []
    const slow: number[] = []
    const common = { bus, head: async () => 0, matches: () => true, replay: async () => [], send: async () => {} }
    await openSubscription({ ...common, push: (e) => fast.push(e.id) > 0, overflow: () => {} })
    // This consumer's buffer is full after two events.
    await openSubscription({ ...common, push: (e) => slow.push(e.id) <= 2, overflow: () => dropped++ })
    bus.deliver([event(1), event(2), event(3), event(4)], 4)
    expect(fast).toEqual([1, 2, 3, 4])
    expect(slow).toEqual([1, 2, 3])
    expect(dropped).toBe(1)
  })

  it('fails instead of waiting forever when the relay never reports', async () => {
    const bus = createEventBus()
    const opening = openSubscription({
      bus,
      head: async () => 0,
      matches: () => true,
      replay: async () => [],
      send: async () => {},
      push: () => true,
      overflow: () => {},
      readyTimeoutMs: 50,
    })
    await expect(opening).rejects.toThrow('has not reported')
  })

  it('delivers only what matches, once, in order', () => {
    const bus = createEventBus()
    const seen: number[] = []
    bus.subscribe((e) => seen.push(e.id))
    bus.deliver([event(1), event(2)], 2)
    bus.deliver([event(2), event(3)], 3)
    bus.deliver([event(1)], 3)
    expect(seen).toEqual([1, 2, 3])
  })
})

describe.each(databaseKinds())('outbox reader on %s', (kind) => {
  let t: TestApp
  let accountId = 0
  beforeAll(async () => {
    t = await createTestApp(kind)
    accountId = (await t.newClient()).accountId
  })
  afterAll(() => t.close())

  const insertEvent = (db: typeof t.container.db.kysely, n: number) =>
    db
      .insertInto('events')
      .values({ account_id: accountId, shop_id: null, type: 'test', payload: JSON.stringify({ n }), created_at: 0 })
      .execute()

  it('reads committed events in id order', async () => {
    const reader = createEventReader(t.container.db)
    const start = await reader.head()
    for (let n = 1; n <= 3; n++) await t.container.uow.run((tx) => tx.events.append({ type: 'test', accountId, payload: { n }, occurredAt: 0 }))
    const batch = await reader.readAfter(start, 100)
    expect(batch.events.map((e) => e.payload.n)).toEqual([1, 2, 3])
    expect(batch.watermark).toBe(batch.events[2]?.id)
    expect((await reader.readAfter(batch.watermark, 100)).events).toEqual([])
  })

  if (kind === 'postgres')
    it('holds back at an id a running transaction may still commit, and passes a rolled-back one', async () => {
      const db = t.container.db.kysely
      const reader = createEventReader(t.container.db)
      const start = await reader.head()
      let release: () => void = () => {}
      const held = new Promise<void>((resolve) => {
        release = resolve
      })
      let inserted: () => void = () => {}
      const firstInserted = new Promise<void>((resolve) => {
        inserted = resolve
      })
      // The first transaction takes the lower id and commits last.
      const slow = db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx)
        await insertEvent(trx, 1)
        inserted()
        await held
      })
      await firstInserted
      await insertEvent(db, 2)

      const early = await reader.readAfter(start, 100)
      expect(early.events).toEqual([])
      expect(early.watermark).toBe(start)
      await new Promise((r) => setTimeout(r, 300))
      expect((await reader.readAfter(start, 100)).events).toEqual([])

      release()
      await slow
      const after = await reader.readAfter(start, 100)
      expect(after.events.map((e) => e.payload.n)).toEqual([1, 2])

      // A rolled-back insert leaves a gap for good: the reader passes it once no transaction that could fill it is running.
      await db
        .transaction()
        .execute(async (trx) => {
          await insertEvent(trx, 3)
          throw new Error('roll back')
        })
        .catch(() => {})
      await insertEvent(db, 4)
      const blocked = await reader.readAfter(after.watermark, 100)
      expect(blocked.events).toEqual([])
      await new Promise((r) => setTimeout(r, 300))
      const passed = await reader.readAfter(after.watermark, 100)
      expect(passed.events.map((e) => e.payload.n)).toEqual([4])
    })
})
