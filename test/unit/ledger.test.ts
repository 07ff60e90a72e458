import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLedgerService, type LedgerService } from '../../src/domain/ledger/ledger.service.js'
import { type Minor, minor } from '../../src/domain/shared/amounts.js'
import { DAY_MS } from '../../src/domain/shared/clock.js'
import type { CommandContext } from '../../src/domain/shared/command.js'
import { type DomainFixture, domainFixture } from '../support/domain.js'

/** The ledger's rules on their own, over the embedded database: no HTTP, no dialect. */
describe('ledger rules', () => {
  let f: DomainFixture
  let ledger: LedgerService
  let ctx: CommandContext
  let customers = 0

  beforeAll(async () => {
    f = await domainFixture()
    ledger = createLedgerService({ uow: f.uow, clock: f.clock })
    const accountId = await f.uow.run(async (tx) => {
      const now = f.clock.now()
      const account = await tx.accounts.create({ name: 'Krusty Krab', timeZone: 'UTC', now })
      await tx.units.create({ accountId: account.id, name: 'POINTS', sign: 'PTS', lifetimeDays: null, now })
      await tx.units.create({ accountId: account.id, name: 'COINS', sign: 'C', lifetimeDays: null, now })
      return account.id
    })
    ctx = { accountId, channel: 'pos' }
  })
  afterAll(() => f.close())

  const customer = () => ({ kind: 'external_id' as const, value: `customer-${++customers}` })
  const points = (n: number): Minor => minor(n * 100)

  const earn = (who: { kind: 'external_id'; value: string }, n: number, code: string, expiresInDays?: number) =>
    ledger.post(ctx, {
      contact: who,
      type: 'POINTS COUPON',
      code,
      amount: points(n),
      expiresAt: expiresInDays === undefined ? undefined : f.clock.now() + expiresInDays * DAY_MS,
    })

  const spend = (who: { kind: 'external_id'; value: string }, n: number, code: string) =>
    ledger.post(ctx, { contact: who, type: 'POINTS ORDER', code, amount: minor(-n * 100) })

  const lotsOf = async (who: { kind: 'external_id'; value: string }) =>
    (await ledger.openLots(ctx.accountId, who)).map((l) => ({ remaining: l.lot.remaining / 100, expiresAt: l.lot.expiresAt }))

  /** What is left in a contact's lots, by expiry. */
  const byExpiry = async (who: { kind: 'external_id'; value: string }) => {
    const sums: Record<string, number> = {}
    for (const { remaining, expiresAt } of await lotsOf(who)) sums[String(expiresAt)] = (sums[String(expiresAt)] ?? 0) + remaining
    return sums
  }

  const balanceOf = async (who: { kind: 'external_id'; value: string }, unit = 'POINTS') =>
    ((await ledger.contactSnapshot(ctx.accountId, who))?.totals.find((t) => t.unit.name === unit)?.balance ?? 0) / 100

  it('takes a debit from the soonest-expiring lot first, lots without expiry last', async () => {
    const who = customer()
    await earn(who, 10, 'never')
    await earn(who, 10, 'late', 30)
    await earn(who, 10, 'soon', 5)
    await spend(who, 15, 'order-1')
    const now = f.clock.now()
    expect(await lotsOf(who)).toEqual([
      { remaining: 5, expiresAt: now + 30 * DAY_MS },
      { remaining: 10, expiresAt: null },
    ])
  })

  it('expires what is left of a lot past its expiry, once, whoever runs it', async () => {
    const who = customer()
    await earn(who, 10, 'short', 1)
    await earn(who, 4, 'long', 100)
    await spend(who, 3, 'order-2')
    f.clock.advance(2 * DAY_MS)
    const written = await Promise.all([ledger.expireDue(), ledger.expireDue()])
    expect(written.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1)
    expect(await balanceOf(who)).toBe(4)
    expect(await ledger.expireDue()).toBe(0)
    const history = await ledger.history(ctx.accountId, who, { page: 1, perPage: 10 })
    expect(history.items.map((v) => [v.entry.kind, v.entry.amount / 100])).toEqual([
      ['expiry', -7],
      ['standard', -3],
      ['standard', 4],
      ['standard', 10],
    ])
    expect((await ledger.check()).mismatches).toEqual([])
  })

  it('reverses a credit from its own lot, and a debit back into the lots it took from', async () => {
    const who = customer()
    await earn(who, 10, 'a', 10)
    await earn(who, 10, 'b', 20)
    await spend(who, 12, 'order-3')
    const [reversal] = await ledger.reverse(ctx, { type: 'POINTS ORDER', codes: ['order-3'] })
    expect(reversal?.entry).toMatchObject({ kind: 'reversal', amount: 1200, title: null })
    const now = f.clock.now()
    // What the debit took comes back as lots of the same expiry.
    expect(await byExpiry(who)).toEqual({ [now + 10 * DAY_MS]: 10, [now + 20 * DAY_MS]: 10 })
    // Reversing b takes its own lot's 8 first, then 2 more, soonest-expiring first.
    await ledger.reverse(ctx, { type: 'POINTS COUPON', codes: ['b'] })
    expect(await byExpiry(who)).toEqual({ [now + 10 * DAY_MS]: 8, [now + 20 * DAY_MS]: 2 })
    expect(await balanceOf(who)).toBe(10)
  })

  it('reverses a transaction once, naming the code and its place in the batch', async () => {
    const who = customer()
    await earn(who, 5, 'once')
    await ledger.reverse(ctx, { type: 'POINTS COUPON', codes: ['once'] })
    await expect(ledger.reverse(ctx, { type: 'POINTS COUPON', codes: ['once'] })).rejects.toMatchObject({
      code: 'ledger.already_reversed',
      detail: { subject: 'code', index: 0 },
    })
    await earn(who, 5, 'second')
    await expect(ledger.reverse(ctx, { type: 'POINTS COUPON', codes: ['second', 'missing'] })).rejects.toMatchObject({
      code: 'ledger.entry_not_found',
      detail: { subject: 'code', index: 1 },
    })
    expect(await balanceOf(who)).toBe(5)
  })

  it('refuses a debit the balance does not cover, about the amount, and writes nothing', async () => {
    const who = customer()
    await earn(who, 10, 'small')
    await expect(spend(who, 10.01, 'too-much')).rejects.toMatchObject({ code: 'ledger.insufficient_balance', detail: { subject: 'amount' } })
    expect(await balanceOf(who)).toBe(10)
    await expect(spend(customer(), 1, 'nobody')).rejects.toMatchObject({ code: 'contact.not_found', detail: { subject: 'contact' } })
  })

  it('never takes a balance below zero under concurrent debits', async () => {
    const who = customer()
    await earn(who, 10, 'pool')
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => spend(who, 3, `race-${i}`)))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3)
    expect(await balanceOf(who)).toBe(1)
  })

  it('transfers with the expiry of the lots it moves, and names sender, receiver and amount in its errors', async () => {
    const from = customer()
    const to = customer()
    await earn(from, 6, 't-1', 3)
    await earn(from, 6, 't-2')
    const done = await ledger.transfer(ctx, { from, to, type: 'BALANCE TRANSFER', amount: points(8) })
    expect([done.from.entry.amount, done.to.entry.amount]).toEqual([-800, 800])
    expect(await lotsOf(to)).toEqual([
      { remaining: 6, expiresAt: f.clock.now() + 3 * DAY_MS },
      { remaining: 2, expiresAt: null },
    ])
    await expect(ledger.transfer(ctx, { from, to, type: 'BALANCE TRANSFER', amount: points(5) })).rejects.toMatchObject({
      code: 'ledger.insufficient_balance',
      detail: { subject: 'amount' },
    })
    await expect(ledger.transfer(ctx, { from: customer(), to, type: 'BALANCE TRANSFER', amount: points(1) })).rejects.toMatchObject({
      code: 'contact.not_found',
      detail: { subject: 'sender' },
    })
    await expect(ledger.transfer(ctx, { from, to: from, type: 'BALANCE TRANSFER', amount: points(1) })).rejects.toMatchObject({
      code: 'ledger.same_wallet',
      detail: { subject: 'receiver' },
    })
    expect([await balanceOf(from), await balanceOf(to)]).toEqual([4, 8])
  })

  it('redeems a full balance of the type’s unit only, and refuses when there is none', async () => {
    const who = customer()
    await earn(who, 7, 'full')
    await ledger.post(ctx, { contact: who, type: 'COINS RELOAD', code: 'coins', amount: points(3) })
    const after = await ledger.redeemFullBalance(ctx, { contact: who, type: 'POINTS ORDER', code: 'all-in' })
    expect(after.totals.map((t) => [t.unit.name, t.balance])).toEqual([
      ['POINTS', 0],
      ['COINS', 300],
    ])
    await expect(ledger.redeemFullBalance(ctx, { contact: who, type: 'POINTS ORDER', code: 'again' })).rejects.toMatchObject({
      code: 'ledger.nothing_to_redeem',
      detail: { subject: 'contact' },
    })
  })
})
