import type { FastifyRequest } from 'fastify'
import type { DomainError, ErrorCode, Subject } from '../../domain/shared/errors.js'

/**
 * How one dialect shows every domain error. Being a total record over
 * `ErrorCode`, a new code fails the type check until each dialect maps it.
 */
export type ErrorTable<E> = { readonly [code in ErrorCode]: E }

/**
 * A dialect's name for a subject; a function when the name depends on the
 * item of a list (`codes.2`) or on the request (Pegke names a contact by the
 * field its `idType` chose).
 */
export type FieldName = string | ((index: number, req: FastifyRequest) => string)

/** A dialect's field names for the domain's subjects. */
export type FieldNames = { readonly [S in Subject]?: FieldName }

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route's own field names, where they differ from its dialect's (MS Loyalty's transfer names the sender `customerFrom.externalId`). */
    readonly fields?: FieldNames
  }
}

/**
 * The field a domain error is about, in the dialect's words: the route's own
 * name for its subject first, then the dialect's, and the error row's field
 * when the domain named no subject (or a subject the dialect has no name for).
 */
export const fieldOf = (error: DomainError, req: FastifyRequest, dialect: FieldNames, rowField?: string): string | undefined => {
  const { subject, index, field } = error.detail
  if (subject === undefined) return field ?? rowField
  const name = req.routeOptions.config.fields?.[subject] ?? dialect[subject]
  if (name === undefined) return rowField
  return typeof name === 'function' ? name(index ?? 0, req) : name
}
