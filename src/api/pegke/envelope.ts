/**
 * Pegke answers success with the resource itself, and failure with the HTTP
 * status and `{"code", "message"}`, plus the offending `field` and a `detail`
 * sentence when there are any.
 */
export interface Failure {
  readonly code: number
  readonly message: string
  readonly field?: string
  readonly detail?: string
}

export const fail = (code: number, message: string, field?: string, detail?: string): Failure => ({
  code,
  message,
  ...(field ? { field } : {}),
  ...(detail ? { detail } : {}),
})
