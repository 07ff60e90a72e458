import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { minor } from '../../src/domain/shared/amounts.js'
import type { Stores as Tx } from '../../src/infra/stores/index.js'
import { createTestApp, type TestApp } from '../support/app.js'
import { databaseKinds } from '../support/databases.js'

/**
 * The ledger's rules are checked by the domain under a lock, and backed by
 * the database schema itself: these tests go around the domain and show the
 * database refusing what must never be stored.
 */
describe.each(databaseKinds())('store constraints on %s', (kind) => {
  let t: TestApp
  let accountId: number
  let otherAccountId: number
  let run: <T>(work: (tx: Tx) => Promise<T>) => Promise<T>
  const now = Date.parse('2026-03-10T12:00:00Z')

  beforeAll(async () => {
    t = await createTestApp(kind)
    accountId = (await t.newClient()).accountId
    otherAccountId = (await t.newClient()).accountId
    run = (work) => t.container.uow.run(work)
  })
  afterAll(() => t.close())

  const newWallet = async () =>
    run(async (tx) => {
      const contact = await tx.contacts.create({ accountId, name: 'n', data: {}, channel: 'pos', registeredShopId: null, referredById: null, now })
      const [unit] = await tx.units.list(accountId)
      if (!unit) throw new Error('no unit')
      const [wallet] = await tx.ledger.lockWallets(accountId, [{ contactId: contact.id, unitId: unit.id }], now)
      if (!wallet) throw new Error('no wallet')
      return { contact, unit, wallet }
    })

  const entry = (
    w: { wallet: { id: number }; contact: { id: number }; unit: { id: number } },
    amount: number,
    extra: { naturalKey?: string; reversesId?: number } = {},
  ) => ({
    accountId,
    walletId: w.wallet.id,
    contactId: w.contact.id,
    unitId: w.unit.id,
    shopId: null,
    kind: 'standard' as const,
    amount: minor(amount),
    type: 'POINTS COUPON',
    source: 'COUPON',
    code: null,
    naturalKey: extra.naturalKey ?? null,
    reference: null,
    title: null,
    description: null,
    reversesId: extra.reversesId ?? null,
    metadata: {},
    createdAt: now,
  })

  it('refuses a negative wallet balance', async () => {
    const w = await newWallet()
    await expect(run((tx) => tx.ledger.insertDebit(entry(w, -1), [], minor(-1)))).rejects.toThrow()
    const [after] = await t.container.uow.read((tx) => tx.ledger.walletsOf(accountId, w.contact.id))
    expect(after?.balance).toBe(0)
  })

  it('refuses a second reversal of the same entry', async () => {
    const w = await newWallet()
    const original = await run((tx) => tx.ledger.insertCredit(entry(w, 500), [], minor(500)))
    await run((tx) => tx.ledger.insertDebit({ ...entry(w, -500), kind: 'reversal', reversesId: original.id }, [], minor(0)))
    await expect(run((tx) => tx.ledger.insertDebit({ ...entry(w, -500), kind: 'reversal', reversesId: original.id }, [], minor(0)))).rejects.toThrow()
  })

  it('refuses two entries with the same natural key in one account', async () => {
    const w = await newWallet()
    await run((tx) => tx.ledger.insertCredit(entry(w, 100, { naturalKey: '["POINTS COUPON","dup"]' }), [], minor(100)))
    await expect(run((tx) => tx.ledger.insertCredit(entry(w, 100, { naturalKey: '["POINTS COUPON","dup"]' }), [], minor(200)))).rejects.toThrow()
  })

  it('refuses a zero-amount entry and a lot with more left than it holds', async () => {
    const w = await newWallet()
    await expect(run((tx) => tx.ledger.insertCredit(entry(w, 0), [], minor(0)))).rejects.toThrow()
    await run((tx) => tx.ledger.insertCredit(entry(w, 100), [{ amount: minor(100), expiresAt: null }], minor(100)))
    const [lot] = await t.container.uow.read((tx) => tx.ledger.openLots(w.wallet.id))
    if (!lot) throw new Error('the credit wrote no lot')
    await expect(run((tx) => tx.ledger.insertDebit(entry(w, -1), [{ lotId: lot.id, amount: minor(1), remaining: minor(101) }], minor(99)))).rejects.toThrow()
    // Nothing of the refused debit is left: not its entry, not the lot's new remaining, not the balance.
    expect(await t.container.uow.read((tx) => tx.ledger.openLots(w.wallet.id))).toEqual([lot])
    const [after] = await t.container.uow.read((tx) => tx.ledger.walletsOf(accountId, w.contact.id))
    expect(after?.balance).toBe(100)
    expect((await t.container.uow.read((tx) => tx.ledger.history(accountId, w.contact.id, { page: 1, perPage: 10 }))).items).toHaveLength(1)
  })

  it('keeps one identifier value per kind and account, and separate accounts apart', async () => {
    const { contact } = await newWallet()
    await run((tx) => tx.contacts.addIdentifier({ accountId, contactId: contact.id, kind: 'external_id', value: 'same', now }))
    await expect(run((tx) => tx.contacts.addIdentifier({ accountId, contactId: contact.id, kind: 'external_id', value: 'same', now }))).rejects.toThrow()
    const found = await t.container.uow.read((tx) => tx.contacts.findByIdentifier(otherAccountId, 'external_id', 'same'))
    expect(found).toBeNull()
    const byId = await t.container.uow.read((tx) => tx.contacts.get(otherAccountId, contact.id))
    expect(byId).toBeNull()
  })

  it('creates a wallet once however often it is locked', async () => {
    const w = await newWallet()
    const again = await run((tx) => tx.ledger.lockWallets(accountId, [{ contactId: w.contact.id, unitId: w.unit.id }], now))
    expect(again.map((x) => x.id)).toEqual([w.wallet.id])
    expect(await t.container.uow.read((tx) => tx.ledger.walletsOf(accountId, w.contact.id))).toHaveLength(1)
  })

  it('rolls back everything a failed unit of work wrote', async () => {
    const w = await newWallet()
    await expect(
      run(async (tx) => {
        await tx.ledger.insertCredit(entry(w, 100), [{ amount: minor(100), expiresAt: null }], minor(100))
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    const [wallet] = await t.container.uow.read((tx) => tx.ledger.walletsOf(accountId, w.contact.id))
    expect(wallet?.balance).toBe(0)
    const history = await t.container.uow.read((tx) => tx.ledger.history(accountId, w.contact.id, { page: 1, perPage: 10 }))
    expect(history.total).toBe(0)
  })
})
