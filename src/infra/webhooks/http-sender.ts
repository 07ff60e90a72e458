import { createHmac } from 'node:crypto'
import type { WebhookSender } from '../../domain/webhooks/webhook-delivery.service.js'

export const SIGNATURE_HEADER = 'leat-signature'

/**
 * The signature of a webhook: HMAC-SHA-256 keyed by the subscription's secret
 * over `<timestamp>.<raw body>`, hex-encoded. The timestamp (Unix seconds)
 * is signed too, so a receiver can refuse replays of old requests.
 */
export const webhookSignature = (secret: string, timestamp: number, body: string): string =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')

/**
 * Posts webhooks with `fetch`. Only a 2xx answer counts as delivered;
 * redirects are not followed (the subscription's URL is the one to fix).
 */
export const createHttpSender = (options: { timeoutMs: number; userAgent: string }): WebhookSender => ({
  async send({ url, body, secret, deliveryUuid, eventType, at }) {
    const timestamp = Math.floor(at / 1000)
    try {
      const res = await fetch(url, {
        method: 'POST',
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': options.userAgent,
          'leat-webhook-id': deliveryUuid,
          'leat-event-type': eventType,
          'leat-timestamp': String(timestamp),
          [SIGNATURE_HEADER]: `t=${timestamp},v1=${webhookSignature(secret, timestamp, body)}`,
        },
      })
      await res.body?.cancel()
      const ok = res.status >= 200 && res.status < 300
      return { ok, status: res.status, error: ok ? null : `HTTP ${res.status}` }
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : ''
      return { ok: false, status: null, error: error instanceof Error ? `${error.message}${cause}` : String(error) }
    }
  },
})
