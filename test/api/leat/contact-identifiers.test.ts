import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { dataOf, encodings, errorOf, leat, newLeatClient } from './support.js'

interface Identifier {
  name: string
  value: string
  active: boolean
  contact: { uuid: string; email: string | null } | null
}

describe.each(databaseKinds())('Leat contact identifiers (%s)', (kind) => {
  let t: TestApp
  let token: string
  let contactUuid: string
  let otherContactUuid: string
  let n = 0
  const card = () => `CARD-${++n}`

  const contact = async (email: string): Promise<string> => {
    const res = await leat(t.app, 'POST', '/contacts', { token, body: { email } })
    return dataOf<{ uuid: string }>(res).uuid
  }

  beforeAll(async () => {
    t = await createTestApp(kind)
    token = (await newLeatClient(t)).token
    contactUuid = await contact('spongebob@bikinibottom.sea')
    otherContactUuid = await contact('patrick@bikinibottom.sea')
  })
  afterAll(() => t.close())

  it.each(encodings)('creates an identifier linked to a contact and finds it ($name)', async ({ form }) => {
    const value = card()
    const res = await leat(t.app, 'POST', '/contact-identifiers', {
      token,
      form,
      body: { contact_identifier_value: value, contact_uuid: contactUuid, contact_identifier_name: 'Krabby Membership' },
    })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      data: { name: 'Krabby Membership', value, active: true, contact: { uuid: contactUuid, email: 'spongebob@bikinibottom.sea' } },
      meta: [],
    })
    const found = await leat(t.app, 'GET', `/contact-identifiers/find?contact_identifier_value=${value}`, { token })
    expect(dataOf(found)).toEqual(dataOf(res))
  })

  it('creates an unlinked identifier named after its value, and finds it with contact null', async () => {
    const value = card()
    const res = await leat(t.app, 'POST', '/contact-identifiers', { token, body: { contact_identifier_value: value } })
    expect(dataOf(res)).toEqual({ name: value, value, active: true, contact: null })
  })

  it('answers 60006 for an existing value, 55031 for an unknown contact and 1003 for a missing value', async () => {
    const value = card()
    await leat(t.app, 'POST', '/contact-identifiers', { token, body: { contact_identifier_value: value } })
    expect(errorOf(await leat(t.app, 'POST', '/contact-identifiers', { token, body: { contact_identifier_value: value } }))).toMatchObject({
      status: 400,
      code: 60006,
      message: 'Contact identifier already exists.',
    })
    const unknown = await leat(t.app, 'POST', '/contact-identifiers', { token, body: { contact_identifier_value: card(), contact_uuid: 'nobody' } })
    expect(errorOf(unknown)).toMatchObject({ code: 55031 })
    const missing = await leat(t.app, 'POST', '/contact-identifiers', { token, body: {} })
    expect(errorOf(missing)).toMatchObject({ code: 1003 })
    expect(errorOf(missing).errors).toHaveProperty('contact_identifier_value')
  })

  it('answers 60003 when finding an unknown identifier and 1003 without a value', async () => {
    expect(errorOf(await leat(t.app, 'GET', '/contact-identifiers/find?contact_identifier_value=NOPE', { token }))).toMatchObject({
      code: 60003,
      message: 'Contact identifier not found.',
    })
    expect(errorOf(await leat(t.app, 'GET', '/contact-identifiers/find', { token }))).toMatchObject({ code: 1003 })
  })

  it.each(encodings)('links an unlinked identifier, refuses a second link (60014) and unlinks it ($name)', async ({ form }) => {
    const value = card()
    await leat(t.app, 'POST', '/contact-identifiers', { token, body: { contact_identifier_value: value } })
    const linked = await leat(t.app, 'PUT', '/contact-identifiers/link', { token, form, body: { contact_identifier_value: value, contact_uuid: contactUuid } })
    expect(dataOf<Identifier>(linked).contact?.uuid).toBe(contactUuid)
    const again = await leat(t.app, 'PUT', '/contact-identifiers/link', {
      token,
      form,
      body: { contact_identifier_value: value, contact_uuid: otherContactUuid },
    })
    expect(errorOf(again)).toMatchObject({ code: 60014, message: 'Contact identifier is already linked.' })
    const unlinked = await leat(t.app, 'PUT', '/contact-identifiers/unlink', { token, form, body: { contact_identifier_value: value } })
    expect(dataOf<Identifier>(unlinked).contact).toBeNull()
    const relinked = await leat(t.app, 'PUT', '/contact-identifiers/link', {
      token,
      form,
      body: { contact_identifier_value: value, contact_uuid: otherContactUuid },
    })
    expect(dataOf<Identifier>(relinked).contact?.uuid).toBe(otherContactUuid)
  })

  it('answers 60003 and 55031 on link, 60003 on unlink', async () => {
    const link = (value: string, uuid: string) =>
      leat(t.app, 'PUT', '/contact-identifiers/link', { token, body: { contact_identifier_value: value, contact_uuid: uuid } })
    expect(errorOf(await link('NOPE', contactUuid))).toMatchObject({ code: 60003 })
    const value = card()
    await leat(t.app, 'POST', '/contact-identifiers', { token, body: { contact_identifier_value: value } })
    expect(errorOf(await link(value, 'nobody'))).toMatchObject({ code: 55031 })
    expect(errorOf(await leat(t.app, 'PUT', '/contact-identifiers/unlink', { token, body: { contact_identifier_value: 'NOPE' } }))).toMatchObject({
      code: 60003,
    })
    expect(errorOf(await leat(t.app, 'PUT', '/contact-identifiers/link', { token, body: { contact_identifier_value: value } }))).toMatchObject({ code: 1003 })
  })

  it('deactivates an identifier with form value 0: find, link and unlink answer 60004 until it is active again', async () => {
    const value = card()
    await leat(t.app, 'POST', '/contact-identifiers', { token, body: { contact_identifier_value: value, contact_uuid: contactUuid } })
    const updated = await leat(t.app, 'PUT', '/contact-identifiers', {
      token,
      form: true,
      body: { contact_identifier_value: value, contact_identifier_active: false, contact_identifier_name: 'Lost card' },
    })
    expect(dataOf(updated)).toMatchObject({ name: 'Lost card', active: false })
    const inactive = { code: 60004, message: 'Contact identifier inactive.' }
    expect(errorOf(await leat(t.app, 'GET', `/contact-identifiers/find?contact_identifier_value=${value}`, { token }))).toMatchObject(inactive)
    expect(errorOf(await leat(t.app, 'PUT', '/contact-identifiers/unlink', { token, body: { contact_identifier_value: value } }))).toMatchObject(inactive)
    const other = card()
    await leat(t.app, 'POST', '/contact-identifiers', { token, body: { contact_identifier_value: other } })
    await leat(t.app, 'PUT', '/contact-identifiers', { token, body: { contact_identifier_value: other, contact_identifier_active: false } })
    expect(
      errorOf(await leat(t.app, 'PUT', '/contact-identifiers/link', { token, body: { contact_identifier_value: other, contact_uuid: contactUuid } })),
    ).toMatchObject(inactive)
    const back = await leat(t.app, 'PUT', '/contact-identifiers', { token, body: { contact_identifier_value: value, contact_identifier_active: true } })
    expect(dataOf(back)).toMatchObject({ name: 'Lost card', active: true })
    expect((await leat(t.app, 'GET', `/contact-identifiers/find?contact_identifier_value=${value}`, { token })).status).toBe(200)
  })

  it('answers 60003 when updating an unknown identifier and 1003 for a boolean that is not one', async () => {
    expect(
      errorOf(await leat(t.app, 'PUT', '/contact-identifiers', { token, body: { contact_identifier_value: 'NOPE', contact_identifier_name: 'x' } })),
    ).toMatchObject({
      code: 60003,
    })
    const value = card()
    await leat(t.app, 'POST', '/contact-identifiers', { token, body: { contact_identifier_value: value } })
    const bad = await leat(t.app, 'PUT', '/contact-identifiers', {
      token,
      form: true,
      body: { contact_identifier_value: value, contact_identifier_active: 'maybe' },
    })
    expect(errorOf(bad)).toMatchObject({ code: 1003 })
    expect(errorOf(bad).errors).toHaveProperty('contact_identifier_active')
  })

  it('deletes an identifier with its link, and answers 60003 for an unknown one', async () => {
    const value = card()
    await leat(t.app, 'POST', '/contact-identifiers', { token, body: { contact_identifier_value: value, contact_uuid: contactUuid } })
    const res = await leat(t.app, 'DELETE', '/contact-identifiers', { token, body: { contact_identifier_value: value } })
    expect(res.status).toBe(200)
    expect(errorOf(await leat(t.app, 'GET', `/contact-identifiers/find?contact_identifier_value=${value}`, { token }))).toMatchObject({ code: 60003 })
    const cards = dataOf<Identifier[]>(await leat(t.app, 'GET', `/contacts/${contactUuid}/contact-identifiers`, { token }))
    expect(cards.map((c) => c.value)).not.toContain(value)
    expect(errorOf(await leat(t.app, 'DELETE', '/contact-identifiers', { token, body: { contact_identifier_value: value } }))).toMatchObject({ code: 60003 })
    // The value is free again.
    expect((await leat(t.app, 'POST', '/contact-identifiers', { token, body: { contact_identifier_value: value } })).status).toBe(200)
  })

  it('deletes with a form-encoded body as the PHP SDK sends it', async () => {
    const value = card()
    await leat(t.app, 'POST', '/contact-identifiers', { token, body: { contact_identifier_value: value } })
    const res = await leat(t.app, 'DELETE', '/contact-identifiers', { token, form: true, body: { contact_identifier_value: value } })
    expect(res.body).toEqual({ data: [], meta: [] })
    expect(errorOf(await leat(t.app, 'GET', `/contact-identifiers/find?contact_identifier_value=${value}`, { token }))).toMatchObject({ code: 60003 })
  })

  it('treats a JSON null as a field left out', async () => {
    const value = card()
    const res = await leat(t.app, 'POST', '/contact-identifiers', {
      token,
      body: { contact_identifier_value: value, contact_uuid: null, contact_identifier_name: null },
    })
    expect(dataOf(res)).toEqual({ name: value, value, active: true, contact: null })
  })

  it("lists a contact's identifiers, the first one as default", async () => {
    const uuid = await contact('gary@snail.sea')
    const [a, b] = [card(), card()]
    await leat(t.app, 'POST', '/contact-identifiers', { token, body: { contact_identifier_value: a, contact_uuid: uuid, contact_identifier_name: 'Main' } })
    await leat(t.app, 'POST', '/contact-identifiers', { token, body: { contact_identifier_value: b, contact_uuid: uuid } })
    const res = await leat(t.app, 'GET', `/contacts/${uuid}/contact-identifiers`, { token })
    expect(dataOf(res)).toEqual([
      { name: 'Main', value: a, active: true, default: true, contact: { uuid, email: 'gary@snail.sea' } },
      { name: b, value: b, active: true, default: false, contact: { uuid, email: 'gary@snail.sea' } },
    ])
  })

  it('keeps identifiers per account: another account neither sees nor blocks the value', async () => {
    const value = card()
    await leat(t.app, 'POST', '/contact-identifiers', { token, body: { contact_identifier_value: value, contact_uuid: contactUuid } })
    const other = await newLeatClient(t)
    expect(errorOf(await leat(t.app, 'GET', `/contact-identifiers/find?contact_identifier_value=${value}`, { token: other.token }))).toMatchObject({
      code: 60003,
    })
    expect(
      errorOf(
        await leat(t.app, 'PUT', '/contact-identifiers/link', { token: other.token, body: { contact_identifier_value: value, contact_uuid: contactUuid } }),
      ),
    ).toMatchObject({
      code: 60003,
    })
    expect((await leat(t.app, 'POST', '/contact-identifiers', { token: other.token, body: { contact_identifier_value: value } })).status).toBe(200)
    expect(
      errorOf(await leat(t.app, 'POST', '/contact-identifiers', { token: other.token, body: { contact_identifier_value: card(), contact_uuid: contactUuid } })),
    ).toMatchObject({
      code: 55031,
    })
  })

  it('links one card to one contact when two links race', async () => {
    const value = card()
    await leat(t.app, 'POST', '/contact-identifiers', { token, body: { contact_identifier_value: value } })
    const results = await Promise.all(
      [contactUuid, otherContactUuid, contactUuid, otherContactUuid].map((uuid) =>
        leat(t.app, 'PUT', '/contact-identifiers/link', { token, body: { contact_identifier_value: value, contact_uuid: uuid } }),
      ),
    )
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(results.filter((r) => r.status !== 200).every((r) => r.body.code === 60014)).toBe(true)
  })

  it('replays a retried creation with the same Idempotency-Key instead of answering 60006', async () => {
    const value = card()
    const headers = { 'idempotency-key': `create-${value}` }
    const first = await leat(t.app, 'POST', '/contact-identifiers', { token, headers, body: { contact_identifier_value: value } })
    const retry = await leat(t.app, 'POST', '/contact-identifiers', { token, headers, body: { contact_identifier_value: value } })
    expect(retry.status).toBe(200)
    expect(retry.body).toEqual(first.body)
  })
})
