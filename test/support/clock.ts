import type { Clock, Instant } from '../../src/domain/shared/clock.js'

/** A clock the test moves by hand, so expiry and token lifetimes are tested without waiting. */
export class FakeClock implements Clock {
  private current: Instant

  constructor(start: Instant | string = '2026-03-10T12:00:00Z') {
    this.current = typeof start === 'string' ? Date.parse(start) : start
  }

  now(): Instant {
    return this.current
  }

  advance(ms: number): void {
    this.current += ms
  }

  set(at: Instant | string): void {
    this.current = typeof at === 'string' ? Date.parse(at) : at
  }
}
