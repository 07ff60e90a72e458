import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync } from 'fastify'
import { portalDistDir } from './paths.js'

/**
 * The page is opened by a link that is itself the session's capability:
 * nothing on it may leak the link (no referrer) or run from elsewhere.
 * `wasm-unsafe-eval` lets the barcode decoder's WebAssembly compile.
 */
const securityHeaders = {
  'content-security-policy':
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; media-src 'self' blob: mediastream:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
}

/**
 * Serves the kiosk page built by `npm run build:portal` (run by `npm start`
 * and `npm test` first): the page at the prefix itself, its hashed assets
 * under `assets/` with a long cache lifetime.
 */
export const portalPage: FastifyPluginAsync<{ distDir?: string }> = async (app, options) => {
  const distDir = options.distDir ?? portalDistDir

  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/assets/',
    decorateReply: false,
    index: false,
    immutable: true,
    maxAge: '365d',
    setHeaders: (res) => {
      for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value)
    },
  })

  let page: string | null = null
  app.get('/', { schema: { hide: true } }, async (_req, reply) => {
    page ??= await readFile(join(distDir, 'index.html'), 'utf8').catch(() => null)
    reply.headers({ ...securityHeaders, 'cache-control': 'no-store' })
    if (page === null) return reply.status(503).type('text/plain; charset=utf-8').send('The kiosk page has not been built: run `npm run build:portal`.\n')
    return reply.type('text/html; charset=utf-8').send(page)
  })
}
