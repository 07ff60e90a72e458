import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { minor } from '../../src/domain/shared/amounts.js'
import { call } from '../support/app.js'
import { databaseKinds } from '../support/databases.js'
import { type Browser, hasChromium, type KioskFixture, type KioskServer, kioskFixture, launchBrowser, qrVideo, startKioskServer } from './portal-support.js'

/** `SCREENSHOTS=1` refreshes the pictures of the main screens in docs/screenshots. */
const screenshotsDir = process.env.SCREENSHOTS ? join(import.meta.dirname, '..', '..', 'docs', 'screenshots') : null
const CAMERA_CARD = 'PC-CAMERA-0001'

describe.skipIf(!hasChromium).each(databaseKinds())('the portal session page in Chromium (%s)', (kind) => {
  let server: KioskServer
  let browser: Browser
  let camera: Browser
  let dutch: Browser
  let videoDir: string
  let f: KioskFixture

  const shoot = async (page: Page, name: string) => {
    if (!screenshotsDir || kind !== 'sqlite') return
    mkdirSync(screenshotsDir, { recursive: true })
    await page.screenshot({ path: join(screenshotsDir, `${name}.png`) })
  }

  const openSession = async (path: string, body: Record<string, unknown>) => {
    const session = await f.openSession(path, body)
    return { uuid: session.uuid, url: `${server.origin}${session.path}` }
  }
  const newContact = (card?: string) => f.newContact(card)
  const newGiftcard = (balance: number) => f.newGiftcard(balance)
  const sessionEvents = (uuid: string) => f.sessionEvents(uuid)

  const screen = (page: Page, name: string) => page.locator(`.kiosk[data-screen="${name}"]`).waitFor()

  beforeAll(async () => {
    server = await startKioskServer(kind)
    f = await kioskFixture(server.test, kind)
    videoDir = mkdtempSync(join(tmpdir(), 'punchcard-qr-'))
    browser = await launchBrowser({ locale: 'en-GB' })
    // A landscape tablet in Dutch whose camera sees no code.
    dutch = await launchBrowser({ locale: 'nl-NL', viewport: { width: 1280, height: 800 }, cameraVideo: qrVideo(null, videoDir) })
    camera = await launchBrowser({ locale: 'en-GB', cameraVideo: qrVideo(CAMERA_CARD, videoDir) })
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await dutch?.close()
    await camera?.close()
    await server?.close()
    if (videoDir) rmSync(videoDir, { recursive: true, force: true })
  })

  it('identifies a customer by a hand-scanner scan, shows the balance and cannot be replayed once finished', async () => {
    const contact = await newContact()
    const session = await openSession('', { scanner_type: 'hand_scanner' })
    const page = await browser.open(session.url)
    await screen(page, 'identify')
    await expect(page.locator('[data-scanner="hand_scanner"]').count()).resolves.toBe(1)
    await expect(page.locator('video').count()).resolves.toBe(0)
    await shoot(page, 'identify-hand-scanner')
    // A keyboard-wedge scanner types the code and Enter wherever the focus is.
    await page.locator('h1').click()
    await page.keyboard.type(contact.card, { delay: 5 })
    await page.keyboard.press('Enter')
    await screen(page, 'step')
    await expect(page.locator('.balance').textContent()).resolves.toContain('0 points')
    await shoot(page, 'identified')
    await page.getByRole('button', { name: 'Done' }).click()
    await screen(page, 'result')
    await page.getByRole('button', { name: 'Done' }).click()
    await screen(page, 'finished')
    expect(await sessionEvents(session.uuid)).toEqual(['contact_identified', 'finished'])

    await page.reload()
    await screen(page, 'fatal')
    await expect(page.locator('[data-error]').getAttribute('data-error')).resolves.toBe('portal_session.finished')
    const replay = await call(server.test.app, 'POST', `/portal-sessions/api/${session.uuid}/identify`, { body: { identifier: contact.card } })
    expect(replay.status).toBe(409)
    expect(await sessionEvents(session.uuid)).toEqual(['contact_identified', 'finished'])
  })

  it('reads a QR code from the camera with each camera service', async () => {
    await newContact(CAMERA_CARD)
    for (const service of [1, 2, 3]) {
      const session = await openSession('', { scanner_type: 'camera', camera_service: service, facing_mode: 'environment' })
      const page = await camera.open(session.url)
      await screen(page, 'step')
      await expect(page.locator('.contact .hello').textContent()).resolves.toContain('Hello')
      expect(await sessionEvents(session.uuid)).toEqual(['contact_identified'])
      await page.close()
    }
    const session = await openSession('/redeem-giftcards', { scanner_type: 'camera', amount_in_cents: 2450 })
    const page = await dutch.open(session.url)
    await screen(page, 'step')
    await page.locator('video[data-decoder="zxing"]').waitFor()
    await shoot(page, 'redeem-giftcards-camera-dutch-landscape')
    await page.close()
  })

  it('shows an error screen for an unknown card and lets the customer try again', async () => {
    const session = await openSession('', { scanner_type: 'hand_scanner' })
    const page = await browser.open(session.url)
    await screen(page, 'identify')
    await page.locator('input[name="code"]').fill('NO-SUCH-CARD')
    await page.locator('input[name="code"]').press('Enter')
    await screen(page, 'problem')
    await expect(page.locator('.message').textContent()).resolves.toContain('We do not know this card')
    await shoot(page, 'error-unknown-card')
    await page.getByRole('button', { name: 'Try again' }).click()
    await screen(page, 'identify')
    expect(await sessionEvents(session.uuid)).toEqual([])
  })

  it('registers a new contact typed on the on-screen keyboard', async () => {
    const session = await openSession('', { scanner_type: 'hand_scanner', enable_registration: true, enable_on_screen_keyboard: true })
    const page = await browser.open(session.url)
    await screen(page, 'identify')
    await page.locator('[data-action="register"]').click()
    await screen(page, 'register')
    const tap = async (text: string) => {
      for (const char of text) await page.locator(`.keyboard [data-key="${char}"]`).click()
    }
    await page.locator('input[name="first_name"]').click()
    await page.locator('.keyboard [data-key="shift"]').click()
    await tap('a')
    await tap('nna')
    await page.locator('input[name="email"]').click()
    await tap(`anna.${kind}@example.com`)
    await expect(page.locator('input[name="email"]').inputValue()).resolves.toBe(`anna.${kind}@example.com`)
    await shoot(page, 'register-on-screen-keyboard')
    await page.locator('.keyboard [data-key="enter"]').click()
    await screen(page, 'step')
    await expect(page.locator('.contact .hello').textContent()).resolves.toBe('Hello Anna!')
    const found = await server.test.container.directory.findByEmail(f.ctx.accountId, `anna.${kind}@example.com`)
    expect(found.contact.name).toBe('Anna')
    expect(await sessionEvents(session.uuid)).toEqual(['contact_registered', 'contact_identified'])
  })

  it('identifies by email first when the session says so, in Dutch for a Dutch browser', async () => {
    const contact = await newContact()
    const session = await openSession('', { enable_email_identification: true, primary_identification_method: 'email', scanner_type: 'hand_scanner' })
    const page = await dutch.open(session.url)
    await screen(page, 'identify')
    await expect(page.locator('h1').textContent()).resolves.toBe('Welkom!')
    await shoot(page, 'identify-email-dutch-landscape')
    await page.locator('input[name="email"]').fill(contact.email)
    await page.getByRole('button', { name: 'OK' }).click()
    await screen(page, 'step')
    await expect(page.locator('.balance').textContent()).resolves.toContain('punten')
  })

  it('shows an error screen for an expired session and for an unknown one', async () => {
    const session = await openSession('', {})
    server.test.clock.advance(61 * 60 * 1000)
    const page = await browser.open(session.url)
    await screen(page, 'fatal')
    await expect(page.locator('.message').textContent()).resolves.toContain('This session has expired')
    await shoot(page, 'error-expired')
    for (const path of ['/portal-sessions?uuid=00000000-0000-4000-8000-000000000000', '/portal-sessions']) {
      const lost = await browser.open(`${server.origin}${path}`)
      await screen(lost, 'fatal')
      await expect(lost.locator('[data-error]').getAttribute('data-error')).resolves.toBe('portal_session.not_found')
    }
  })

  it('credit reception: shows the points the till credited and the new balance', async () => {
    const contact = await newContact()
    const session = await openSession('/credit-reception', { contact_uuid: contact.uuid, scanner_type: 'hand_scanner' })
    const page = await browser.open(session.url)
    await screen(page, 'step')
    await server.test.container.creditReceptions.create(f.ctx, { shopUuid: f.shop.uuid, contactUuid: contact.uuid, amount: minor(4200) })
    await screen(page, 'result')
    await expect(page.locator('[data-line="credited"]').textContent()).resolves.toBe('+42 points')
    await expect(page.locator('[data-line="balance"]').textContent()).resolves.toContain('42 points')
    await shoot(page, 'credit-reception')
    expect(await sessionEvents(session.uuid)).toEqual(['credits_received', 'finished'])
  })

  it('redeem giftcards: two cards pay one purchase when several are allowed', async () => {
    const first = await newGiftcard(2500)
    const second = await newGiftcard(3000)
    const session = await openSession('/redeem-giftcards', { amount_in_cents: 4000, scanner_type: 'hand_scanner' })
    const page = await browser.open(session.url)
    await screen(page, 'step')
    await expect(page.locator('.amount').textContent()).resolves.toContain('40.00')
    await page.locator('input[name="code"]').fill(first)
    await page.locator('input[name="code"]').press('Enter')
    await page.locator('.amount[data-remaining="1500"]').waitFor()
    await shoot(page, 'redeem-giftcards')
    await page.locator('input[name="code"]').fill(second)
    await page.locator('input[name="code"]').press('Enter')
    await screen(page, 'result')
    await expect(page.locator('[data-line="paid"]').textContent()).resolves.toBe('Paid in full')
    const balances = await Promise.all([first, second].map((hash) => server.test.container.giftcards.get(f.ctx.accountId, { hash })))
    expect(balances.map((b) => b.balance)).toEqual([0, 1500])
    expect(await sessionEvents(session.uuid)).toEqual(['giftcard_redeemed', 'giftcard_redeemed', 'finished'])
  })

  it('redeem giftcards: a card that cannot cover the purchase alone shows an error screen and is not charged', async () => {
    const hash = await newGiftcard(2500)
    const session = await openSession('/redeem-giftcards', { amount_in_cents: 4000, allow_multiple_giftcards: false, scanner_type: 'hand_scanner' })
    const page = await browser.open(session.url)
    await screen(page, 'step')
    await page.locator('input[name="code"]').fill(hash)
    await page.locator('input[name="code"]').press('Enter')
    await screen(page, 'problem')
    await expect(page.locator('.message').textContent()).resolves.toContain('not enough')
    await shoot(page, 'error-insufficient-giftcard-balance')
    expect((await server.test.container.giftcards.get(f.ctx.accountId, { hash })).balance).toBe(2500)
    expect(await sessionEvents(session.uuid)).toEqual([])
  })

  it('top up giftcards: scans a card and tops it up by the chosen amount', async () => {
    const hash = await newGiftcard(500)
    const session = await openSession('/top-up-giftcards', { scanner_type: 'hand_scanner' })
    const page = await browser.open(session.url)
    await screen(page, 'step')
    await page.locator('input[name="code"]').fill(hash)
    await page.locator('input[name="code"]').press('Enter')
    await page.locator('.balance[data-balance="500"]').waitFor()
    await page.locator('[data-amount="2500"]').click()
    await screen(page, 'result')
    await expect(page.locator('[data-line="balance"]').textContent()).resolves.toContain('30.00')
    expect((await server.test.container.giftcards.get(f.ctx.accountId, { hash })).balance).toBe(3000)
    expect(await sessionEvents(session.uuid)).toEqual(['giftcard_topped_up', 'finished'])
  })

  it('pay prepaid: pays the amount typed from the prepaid balance', async () => {
    const contact = await newContact()
    await server.test.container.prepaid.topUp(f.ctx, { contact: { id: contact.id }, amount: minor(5000), shop: { id: f.shop.id } })
    const session = await openSession('/pay-prepaid', { contact_uuid: contact.uuid, scanner_type: 'hand_scanner' })
    const page = await browser.open(session.url)
    await screen(page, 'step')
    await page.locator('.balance[data-prepaid="5000"]').waitFor()
    await page.locator('input[name="amount"]').fill('12,50')
    await page.locator('input[name="amount"]').press('Enter')
    await screen(page, 'result')
    await shoot(page, 'pay-prepaid')
    expect(await server.test.container.prepaid.balance(f.ctx.accountId, { id: contact.id })).toBe(3750)
    expect(await sessionEvents(session.uuid)).toEqual(['prepaid_paid', 'finished'])
  })

  it('pay prepaid: more than the balance is refused and nothing is paid', async () => {
    const contact = await newContact()
    const session = await openSession('/pay-prepaid', { contact_uuid: contact.uuid, scanner_type: 'hand_scanner' })
    const page = await browser.open(session.url)
    await screen(page, 'step')
    await page.locator('input[name="amount"]').fill('5')
    await page.locator('input[name="amount"]').press('Enter')
    await screen(page, 'problem')
    await expect(page.locator('.message').textContent()).resolves.toContain('prepaid balance is not enough')
    expect(await sessionEvents(session.uuid)).toEqual([])
  })

  it('top up prepaid: identifies the customer, then tops up by the chosen amount', async () => {
    const contact = await newContact()
    const session = await openSession('/top-up-prepaid', { scanner_type: 'hand_scanner' })
    const page = await browser.open(session.url)
    await screen(page, 'identify')
    await page.locator('input[name="code"]').fill(contact.card)
    await page.locator('input[name="code"]').press('Enter')
    await screen(page, 'step')
    await page.locator('[data-amount="2000"]').click()
    await screen(page, 'result')
    expect(await server.test.container.prepaid.balance(f.ctx.accountId, { id: contact.id })).toBe(2000)
    expect(await sessionEvents(session.uuid)).toEqual(['contact_identified', 'prepaid_topped_up', 'finished'])
  })

  it("vouchers: lists the contact's vouchers and redeems the one chosen, once", async () => {
    const contact = await newContact()
    const promotion = await server.test.container.vouchers.createPromotion(f.ctx, {
      name: 'Free coffee',
      description: 'One coffee of your choice',
      voucherLimit: null,
      limitPerContact: null,
      expirationDuration: null,
    })
    const voucher = await server.test.container.vouchers.create(f.ctx, { promotionUuid: promotion.uuid, contact: { id: contact.id } })
    const session = await openSession('/vouchers', { contact_uuid: contact.uuid, scanner_type: 'hand_scanner' })
    const page = await browser.open(session.url)
    await screen(page, 'step')
    await page.locator(`.voucher[data-code="${voucher.voucher.code}"]`).waitFor()
    await shoot(page, 'vouchers')
    await page.locator(`.voucher[data-code="${voucher.voucher.code}"] button`).click()
    await screen(page, 'result')
    await expect(page.locator('[data-line="voucher"]').textContent()).resolves.toBe('Voucher used: Free coffee')
    const after = await server.test.container.vouchers.find(f.ctx.accountId, { code: voucher.voucher.code })
    expect(after.status).toBe('REDEEMED')
    expect(await sessionEvents(session.uuid)).toEqual(['voucher_redeemed', 'finished'])
  })
})
