import type { FastifyInstance, FastifyRequest } from 'fastify'
import qs from 'qs'

/**
 * Leat's official PHP SDK posts `application/x-www-form-urlencoded` bodies
 * built by `http_build_query`: nested fields as `attributes[firstname]=...`,
 * lists as `items[0][name]=...`, booleans as `1`/`0`, nulls left out. JSON
 * clients send real booleans and sometimes explicit nulls. Both arrive at the
 * route schema in one shape: booleans are booleans and a null is the same as
 * a field left out (unless the schema accepts null).
 */
const FORM = 'application/x-www-form-urlencoded'

interface JsonSchema {
  readonly type?: string | readonly string[]
  readonly anyOf?: readonly JsonSchema[]
  readonly oneOf?: readonly JsonSchema[]
  readonly properties?: Readonly<Record<string, JsonSchema>>
  readonly items?: JsonSchema
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

const typesOf = (schema: JsonSchema): Set<string> => {
  const out = new Set<string>()
  if (typeof schema.type === 'string') out.add(schema.type)
  else if (Array.isArray(schema.type)) for (const t of schema.type) out.add(t)
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) for (const t of typesOf(branch)) out.add(t)
  return out
}

const branchesOf = (schema: JsonSchema): JsonSchema[] => [schema, ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]

const FLAGS: Readonly<Record<string, boolean>> = { '1': true, '0': false, true: true, false: false, yes: true, no: false }

const DROP = Symbol('drop')

const normalize = (value: unknown, schema: JsonSchema): unknown => {
  const types = typesOf(schema)
  if (value === null) return types.has('null') ? null : DROP
  if (typeof value === 'string' && types.has('boolean') && !types.has('string')) {
    const flag = FLAGS[value]
    return flag === undefined ? value : flag
  }
  if (isRecord(value)) {
    const object = branchesOf(schema).find((s) => s.properties !== undefined)
    if (!object?.properties) return value
    const out: Record<string, unknown> = { ...value }
    for (const [key, sub] of Object.entries(object.properties)) {
      if (!(key in out)) continue
      const next = normalize(out[key], sub)
      if (next === DROP) delete out[key]
      else out[key] = next
    }
    return out
  }
  if (Array.isArray(value)) {
    const list = branchesOf(schema).find((s) => s.items !== undefined)
    if (!list?.items) return value
    const items = list.items
    return value.map((v) => normalize(v, items)).filter((v) => v !== DROP)
  }
  return value
}

const normalizePart = (req: FastifyRequest, part: 'body' | 'querystring') => {
  const schema = req.routeOptions.schema?.[part] as JsonSchema | undefined
  const value = part === 'body' ? req.body : req.query
  if (!schema || !isRecord(value)) return
  const next = normalize(value, schema)
  if (part === 'body') req.body = next === DROP ? {} : next
  else req.query = next === DROP ? {} : next
}

/** Registers the form parser and the normalisation of bodies and queries on the Leat plugin only. */
export const leatForms = (app: FastifyInstance) => {
  app.removeContentTypeParser(FORM)
  app.addContentTypeParser(FORM, { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, qs.parse(String(body), { arrayLimit: 1000, depth: 5, parameterLimit: 2000 }))
    } catch (error) {
      done(error instanceof Error ? error : new Error(String(error)), undefined)
    }
  })
  app.addHook('preValidation', async (req) => {
    normalizePart(req, 'body')
    normalizePart(req, 'querystring')
  })
}
