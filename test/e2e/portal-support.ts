import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import QRCode from 'qrcode'
import { minor } from '../../src/domain/shared/amounts.js'
import type { CommandContext } from '../../src/domain/shared/command.js'
import { ensurePortalBuilt } from '../../src/ui/portal/build.js'
import { createShop, dataOf, leat, newLeatClient } from '../api/leat/support.js'
import { createTestApp, type TestApp } from '../support/app.js'
import type { TestDbKind } from '../support/databases.js'

/** Debian's Chromium, installed by `.ci/run`; the browser suites are skipped where it is missing. */
export const CHROMIUM = '/usr/bin/chromium'
export const hasChromium = existsSync(CHROMIUM)

const baseArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface KioskServer {
  readonly test: TestApp
  /** `http://127.0.0.1:<ephemeral port>` */
  readonly origin: string
  close(): Promise<void>
}

/** The real server on a fresh database, listening on 127.0.0.1 at a port the system picks, with the page built. */
export const startKioskServer = async (kind: TestDbKind, env: Record<string, string> = {}): Promise<KioskServer> => {
  await ensurePortalBuilt()
  const test = await createTestApp(kind, env)
  await test.app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = test.app.server.address() as AddressInfo
  return { test, origin: `http://127.0.0.1:${port}`, close: () => test.close() }
}

export interface Browser {
  readonly context: BrowserContext
  open(url: string): Promise<Page>
  close(): Promise<void>
}

export interface BrowserOptions {
  readonly locale?: string
  readonly viewport?: { width: number; height: number }
  /** A .y4m video the fake camera plays in a loop. */
  readonly cameraVideo?: string
}

/** Headless Chromium with a fresh profile, a touch screen, and optionally a fake camera playing a video file. */
export const launchBrowser = async (options: BrowserOptions = {}): Promise<Browser> => {
  const profile = mkdtempSync(join(tmpdir(), 'punchcard-chromium-'))
  const args = [...baseArgs]
  if (options.cameraVideo) {
    args.push('--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${options.cameraVideo}`)
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args,
    locale: options.locale ?? 'en-GB',
    viewport: options.viewport ?? { width: 800, height: 1280 },
    hasTouch: true,
    isMobile: false,
    ...(options.cameraVideo ? { permissions: ['camera'] } : {}),
  })
  return {
    context,
    open: async (url) => {
      const page = await context.newPage()
      await page.goto(url)
      return page
    },
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/**
 * A short Y4M video (4:2:0, 640x480) of one QR code on white, or of a white
 * page when `text` is null, for Chromium's fake video capture. Returns the file's path.
 */
export const qrVideo = (text: string | null, dir: string): string => {
  const width = 640
  const height = 480
  const luma = Buffer.alloc(width * height, 235)
  if (text !== null) drawQr(luma, width, height, text)
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128)
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma])
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`)
  const path = join(dir, `qr-${(text ?? 'blank').replace(/[^A-Za-z0-9]/g, '_')}.y4m`)
  writeFileSync(path, Buffer.concat([header, frame, frame, frame, frame, frame]))
  return path
}

const drawQr = (luma: Buffer, width: number, height: number, text: string): void => {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const scale = Math.floor((height * 0.8) / (modules.size + 8))
  const side = (modules.size + 8) * scale
  const left = Math.floor((width - side) / 2)
  const top = Math.floor((height - side) / 2)
  for (let y = 0; y < modules.size; y++) {
    for (let x = 0; x < modules.size; x++) {
      if (!modules.get(y, x)) continue
      for (let dy = 0; dy < scale; dy++) {
        const row = (top + (y + 4) * scale + dy) * width
        luma.fill(16, row + left + (x + 4) * scale, row + left + (x + 5) * scale)
      }
    }
  }
}

/** An account with a shop and a Leat client, and helpers that make what the kiosk acts on. */
export const kioskFixture = async (test: TestApp, label: string) => {
  const client = await newLeatClient(test)
  const ctx: CommandContext = { accountId: client.accountId }
  const shop = await createShop(test, client.accountId, 'Krusty Krab')
  const { container } = test
  let n = 0
  return {
    token: client.token,
    ctx,
    shop,
    /** A contact with a card (and an email), made through the domain services every dialect uses. */
    async newContact(card?: string) {
      const email = `kiosk-${label}-${++n}@example.com`
      const created = await container.directory.create(ctx, { email })
      const value = card ?? `PC-${label}-${n}`
      await container.identifiers.create(ctx, { value, contactUuid: created.contact.uuid })
      return { uuid: created.contact.uuid, id: created.contact.id, email, card: value }
    },
    /** A new giftcard holding `balance` cents. */
    async newGiftcard(balance: number) {
      const program = await container.giftcards.createProgram(ctx, {
        name: `Cadeau ${++n}`,
        active: true,
        upgradeable: true,
        expirationDays: null,
        maxAmount: null,
        minAmount: null,
      })
      const card = await container.giftcards.create(ctx, { type: 'DIGITAL', programUuid: program.uuid })
      if (balance > 0) await container.giftcards.topUp(ctx, { hash: card.card.hash, amount: minor(balance), shop: { id: shop.id } })
      return card.card.hash
    },
    /** Opens a session through the Leat API, as a till does; `path` is '' or a typed create such as '/pay-prepaid'. */
    async openSession(path: string, body: Record<string, unknown>) {
      const res = await leat(test.app, 'POST', `/portal-sessions${path}`, { token: client.token, body: { shop_uuid: shop.uuid, ...body } })
      if (res.status !== 200) throw new Error(`portal session not created: ${JSON.stringify(res.body)}`)
      const data = dataOf<{ uuid: string; url: string }>(res)
      const url = new URL(data.url)
      return { uuid: data.uuid, path: `${url.pathname}${url.search}` }
    },
    /** The types of the session's events, as the till reads them through the Leat API. */
    async sessionEvents(uuid: string): Promise<string[]> {
      const res = await leat(test.app, 'GET', `/portal-sessions/${uuid}`, { token: client.token })
      return dataOf<{ events: { type: string }[] }>(res).events.map((e) => e.type)
    },
  }
}

export type KioskFixture = Awaited<ReturnType<typeof kioskFixture>>
