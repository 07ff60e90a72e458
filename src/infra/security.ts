import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { SecretService } from '../domain/accounts/accounts.store.js'

/**
 * API keys, client secrets and tokens are high-entropy random strings, so a
 * keyed SHA-256 (HMAC) is a sufficient one-way hash and cheap enough to check
 * on every request. The key (pepper) comes from configuration: a stolen
 * database alone does not let anyone test guesses.
 */
export const createSecretService = (pepper: string): SecretService => {
  const hash = (secret: string) => createHmac('sha256', pepper).update(secret).digest('base64url')
  return {
    generate: (prefix) => `${prefix}${randomBytes(32).toString('base64url')}`,
    hash,
    matches(storedHash, secret) {
      const a = Buffer.from(storedHash)
      const b = Buffer.from(hash(secret))
      return a.length === b.length && timingSafeEqual(a, b)
    },
  }
}
