/**
 * MS Loyalty answers success and failure alike in one envelope:
 * `{code, status, message, data, warning, error}`. Success codes are strings
 * ("200"), failure codes numbers (422), as in the source document.
 */
export interface Success<T> {
  readonly code: '200'
  readonly status: 'success'
  readonly message: string
  readonly data: T
  readonly warning: []
  readonly error: []
  readonly meta?: Record<string, number>
}

export interface Warning {
  readonly code: string | null
  readonly field: string
  readonly value: string
}

export interface Failure {
  readonly code: number
  readonly status: 'error'
  readonly message: string
  readonly warning: Warning | []
  readonly error: string[]
}

export const ok = <T>(data: T, message = 'OK', meta?: Record<string, number>): Success<T> => ({
  code: '200',
  status: 'success',
  message,
  data,
  warning: [],
  error: [],
  ...(meta ? { meta } : {}),
})

export const fail = (code: number, message: string, warning?: Warning, error: string[] = []): Failure => ({
  code,
  status: 'error',
  message,
  warning: warning ?? [],
  error,
})
