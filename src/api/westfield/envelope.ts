/**
 * Westfield answers one object as `{"data": {...}, "metadata": {"version": 1}}`,
 * a list as `{"data": [...], "metadata": {"version": 1, "total": N, "_links": {...}}}`
 * and a failure as `{"errors": [{"code", "type", "field", "message"}]}`.
 */
export interface Links {
  readonly self: string
  readonly next?: string
  readonly prev?: string
}

export interface One<T> {
  readonly data: T
  readonly metadata: { readonly version: 1 }
}

export interface Many<T> {
  readonly data: readonly T[]
  readonly metadata: { readonly version: 1; readonly total: number; readonly _links: Links }
}

export interface ErrorEntry {
  /** Stable domain error code (`visitor.not_found`, `validation.invalid`). */
  readonly code: string
  /** The kind of failure: `validation_error`, `not_found`, `conflict`, ... */
  readonly type: string
  /** JSON path of the offending field (`email`, `[0].visitorId`), or `''` when no field is at fault. */
  readonly field: string
  readonly message: string
}

export interface Failure {
  readonly errors: readonly ErrorEntry[]
}

export const one = <T>(data: T): One<T> => ({ data, metadata: { version: 1 } })

export const many = <T>(data: readonly T[], total: number, links: Links): Many<T> => ({ data, metadata: { version: 1, total, _links: links } })

export const failure = (errors: readonly ErrorEntry[]): Failure => ({ errors })
