import type { FastifySchemaValidationError } from 'fastify'

export interface FieldError {
  readonly field: string
  readonly message: string
}

const pathToField = (instancePath: string): string =>
  instancePath
    .split('/')
    .filter((p) => p !== '')
    .join('.')

/** Turns schema validation errors into one entry per offending field, named as the client sent it. */
export const fieldErrors = (errors: readonly FastifySchemaValidationError[], context: string): FieldError[] => {
  const seen = new Map<string, FieldError>()
  for (const e of errors) {
    const params = e.params as Record<string, unknown>
    const base = pathToField(e.instancePath)
    let field = base
    let message = e.message ?? 'is invalid'
    if (e.keyword === 'required' && typeof params.missingProperty === 'string') {
      field = base ? `${base}.${params.missingProperty}` : params.missingProperty
      message = 'is required'
    } else if (e.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
      field = base ? `${base}.${params.additionalProperty}` : params.additionalProperty
      message = 'is not allowed'
    }
    if (!field) field = context
    if (!seen.has(field)) seen.set(field, { field, message })
  }
  return [...seen.values()]
}
