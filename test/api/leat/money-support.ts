import type { Contact } from '../../../src/domain/contacts/contacts.js'
import type { TestApp } from '../../support/app.js'
import { dataOf, leat } from './support.js'

/** A giftcard program through our `POST /giftcard-programs`; returns its UUID. */
export const createProgram = async (t: TestApp, token: string, body: Record<string, unknown> = {}): Promise<string> => {
  const res = await leat(t.app, 'POST', '/giftcard-programs', { token, body: { name: 'Web Giftcards', ...body } })
  if (res.status !== 200) throw new Error(`program not created: ${JSON.stringify(res.body)}`)
  return dataOf<{ uuid: string }>(res).uuid
}

export interface CardData {
  readonly id: number
  readonly uuid: string
  readonly hash: string
  readonly amount_in_cents: number
}

/** A new digital card in a program, topped up with `amount` cents when given. */
export const createCard = async (t: TestApp, token: string, programUuid: string, shopUuid: string, amount = 0): Promise<CardData> => {
  const res = await leat(t.app, 'POST', '/giftcards', { token, body: { type: 1, giftcard_program_uuid: programUuid } })
  if (res.status !== 200) throw new Error(`card not created: ${JSON.stringify(res.body)}`)
  const card = dataOf<CardData>(res)
  if (amount > 0) {
    const top = await leat(t.app, 'POST', '/giftcard-transactions', { token, body: { giftcard_uuid: card.uuid, amount_in_cents: amount, shop_uuid: shopUuid } })
    if (top.status !== 200) throw new Error(`card not topped up: ${JSON.stringify(top.body)}`)
  }
  return { ...card, amount_in_cents: amount }
}

/** A contact with an email and, when given, a Leat card identifier (optionally inactive). */
export const createContact = (t: TestApp, accountId: number, email: string, card?: { value: string; active?: boolean; name?: string }): Promise<Contact> =>
  t.container.uow.run(async (tx) => {
    const now = t.clock.now()
    const contact = await tx.contacts.create({ accountId, name: null, data: {}, channel: 'pos', registeredShopId: null, referredById: null, now })
    await tx.contacts.addIdentifier({ accountId, contactId: contact.id, kind: 'email', value: email, now })
    if (card) {
      await tx.contacts.addIdentifier({ accountId, contactId: contact.id, kind: 'card', value: card.value, now })
      await tx.identifierDetails.insert({ accountId, kind: 'card', value: card.value, name: card.name ?? 'Loyalty Card', active: card.active ?? true, now })
    }
    return contact
  })

/** Every wallet agrees with its entries and lots (`npx punchcard check`). */
export const ledgerIsConsistent = async (t: TestApp): Promise<boolean> => (await t.container.ledger.check()).mismatches.length === 0
