import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import type { SecretBox } from '../../domain/webhooks/webhooks.service.js'

const VERSION = 'v1'

/**
 * Webhook signing secrets are needed in clear to sign, so they cannot be
 * hashed like API keys. They are stored encrypted (AES-256-GCM) under a key
 * derived from the pepper: a stolen database alone does not reveal them, and
 * changing the pepper makes them unreadable (deliveries then fail until the
 * subscriptions are created again).
 */
export const createSecretBox = (pepper: string): SecretBox => {
  const key = Buffer.from(hkdfSync('sha256', pepper, 'punchcard', 'webhook-secrets', 32))
  return {
    generate: () => `whsec_${randomBytes(32).toString('base64url')}`,
    seal(secret) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()])
      return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.')
    },
    open(sealed) {
      const [version, iv, tag, data] = sealed.split('.')
      if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('the webhook secret is not readable')
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
      decipher.setAuthTag(Buffer.from(tag, 'base64url'))
      try {
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8')
      } catch {
        throw new Error('the webhook secret was sealed with another SECRET_PEPPER')
      }
    },
  }
}
