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

/** Every wallet agrees with its entries and lots (`npx punchcard check`). */
export const ledgerIsConsistent = async (t: TestApp): Promise<boolean> => (await t.container.ledger.check()).mismatches.length === 0
