import { createHmac } from 'node:crypto'
import type { TokenSigner } from '../domain/visitors/visitor-data.js'

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url')

/**
 * Signs JSON Web Tokens with HS256 under a key derived from the server's
 * pepper and a purpose, so a token of one kind is never valid as another.
 */
export const createTokenSigner = (pepper: string, purpose: string): TokenSigner => {
  const key = createHmac('sha256', pepper).update(`jwt:${purpose}`).digest()
  return {
    sign(claims) {
      const unsigned = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`
      return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`
    },
  }
}
