import type { ErrorCode } from '../../domain/shared/errors.js'

/**
 * How one dialect shows every domain error. Being a total record over
 * `ErrorCode`, a new code fails the type check until each dialect maps it.
 */
export type ErrorTable<E> = { readonly [code in ErrorCode]: E }
