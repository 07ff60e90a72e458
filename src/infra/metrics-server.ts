import { createServer, type Server } from 'node:http'

/** What a scrape answers: the exposition text and its content type. */
export interface Scrape {
  readonly contentType: string
  readonly body: string
}

/**
 * `/metrics` on a port of its own, apart from the API: the port is the
 * guard (loopback by default), and the API's rate limits and credentials do
 * not apply to the scraper. Anything but `GET /metrics` is a 404.
 */
export const serveMetrics = (options: { port: number; host: string; scrape: () => Promise<Scrape> }): Promise<Server> => {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n')
      return
    }
    options.scrape().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(body),
      (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${err instanceof Error ? err.message : String(err)}\n`),
    )
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve(server))
  })
}
