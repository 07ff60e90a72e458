import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedWebhook {
  readonly path: string
  readonly headers: IncomingHttpHeaders
  readonly raw: string
  readonly body: Record<string, unknown>
  /** The HTTP status the receiver answered. */
  readonly answered: number
}

export interface Receiver {
  readonly url: string
  readonly received: ReceivedWebhook[]
  /** Statuses to answer, in order; once used up, every request gets 200. */
  answerWith(...statuses: number[]): void
  close(): Promise<void>
}

/** A real HTTP endpoint on 127.0.0.1 (ephemeral port) that records what it gets. */
export const startReceiver = async (): Promise<Receiver> => {
  const received: ReceivedWebhook[] = []
  const queue: number[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      const answered = queue.shift() ?? 200
      received.push({ path: req.url ?? '/', headers: req.headers, raw, body: JSON.parse(raw) as Record<string, unknown>, answered })
      res.writeHead(answered, { 'content-type': 'text/plain' }).end(answered < 300 ? 'ok' : 'nope')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    answerWith: (...statuses) => queue.push(...statuses),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Checks a webhook's `Leat-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<raw body>">` as a receiver would. */
export const signatureIsValid = (hook: ReceivedWebhook, secret: string): boolean => {
  const header = String(hook.headers['leat-signature'] ?? '')
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]))
  if (!parts.t || !parts.v1) return false
  const expected = createHmac('sha256', secret).update(`${parts.t}.${hook.raw}`).digest()
  const given = Buffer.from(parts.v1, 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}
