import type WebSocket from 'ws'

/** Messages a WebSocket client received, parsed, with a way to wait for more. */
export interface Inbox<T> {
  readonly messages: T[]
  /** Resolves once `count` messages have arrived in all; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>
  /** Resolves with the close code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>
}

export const inboxOf = <T>(socket: WebSocket): Inbox<T> => {
  const messages: T[] = []
  let wake: (() => void) | null = null
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as T)
    wake?.()
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })))
  return {
    messages,
    closed,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      while (messages.length < count) {
        const left = deadline - Date.now()
        if (left <= 0) throw new Error(`expected ${count} messages, got ${messages.length}: ${JSON.stringify(messages)}`)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 200))
          wake = () => {
            clearTimeout(timer)
            resolve()
          }
        })
      }
      return messages.slice(0, count)
    },
  }
}

/** Waits a moment in which nothing should arrive. */
export const quiet = (ms = 400) => new Promise((resolve) => setTimeout(resolve, ms))
