/**
 * Leat answers successes as `{"data": ..., "meta": []}` and failures as
 * `{"message", "code", "status_code"}`, with `errors` per field when the
 * input was invalid.
 */
export interface Success<T> {
  readonly data: T
  readonly meta: Record<string, unknown> | []
}

export interface Failure {
  readonly message: string
  readonly code: number
  readonly status_code: number
  readonly errors?: Record<string, string[]>
}

export const ok = <T>(data: T, meta: Record<string, unknown> | [] = []): Success<T> => ({ data, meta })

export const fail = (status: number, code: number, message: string, errors?: Record<string, string[]>): Failure => ({
  message,
  code,
  status_code: status,
  ...(errors && Object.keys(errors).length > 0 ? { errors } : {}),
})

/** Leat's date rendering: `2023-10-19T15:11:13+00:00`, UTC, no milliseconds. */
export const leatDate = (at: number): string => `${new Date(at).toISOString().slice(0, 19)}+00:00`

export const leatDateOrNull = (at: number | null): string | null => (at === null ? null : leatDate(at))
