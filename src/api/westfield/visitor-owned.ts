import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { type Static, type TObject, type TProperties, type TSchema, Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { CommandContext } from '../../domain/shared/command.js'
import type { Listed, ListQuery } from '../../domain/shared/list.js'
import { one } from './envelope.js'
import { fieldsParam, type ListParams, type ListSpec, listed, listParams, listQuery, single } from './list.js'
import { accountOf, westfieldContext } from './request.js'
import { id as idSchema, VisitorParams } from './schemas.js'

/**
 * The routes of one kind of record a visitor owns, at
 * `/visitors/:visitorId/<collection>` and `/visitors/:visitorId/<collection>/:<idParam>`:
 * create (201), list (with the common `limit`, `offset`, `sort`, `fields`
 * and the resource's own filters), get one (with `fields`), change (PATCH)
 * and delete (204). Each operation is optional; each calls one service
 * method, whose errors (another visitor's record is not found) the dialect's
 * error handler shows.
 */
export interface VisitorOwnedResource<T, W extends object, C extends TSchema, P extends TSchema, Q extends TProperties> {
  /** The collection's path segment: `credit-cards`. */
  readonly collection: string
  /** The record id's path parameter: `cardId`. */
  readonly idParam: string
  readonly spec: ListSpec
  readonly map: (record: T) => W
  readonly create?: { readonly body: C; readonly run: (ctx: CommandContext, visitorId: string, body: Static<C>) => Promise<T> }
  readonly list?: {
    /** The resource's own filters, beside the common list parameters. */
    readonly filters: Q
    readonly run: (accountId: number, visitorId: string, query: Static<TObject<Q>> & ListParams, list: ListQuery) => Promise<Listed<T>>
  }
  readonly get?: (accountId: number, visitorId: string, id: number) => Promise<T>
  readonly update?: { readonly body: P; readonly run: (ctx: CommandContext, visitorId: string, id: number, body: Static<P>) => Promise<T> }
  readonly remove?: (ctx: CommandContext, visitorId: string, id: number) => Promise<void>
}

type RecordParams = { visitorId: string } & Record<string, string | number>

/** Registers the routes `resource` declares. */
export const visitorOwnedRoutes = <T, W extends object, C extends TSchema = TSchema, P extends TSchema = TSchema, Q extends TProperties = TProperties>(
  fastify: FastifyInstance,
  resource: VisitorOwnedResource<T, W, C, P, Q>,
): void => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { spec, map } = resource
  const base = `/visitors/:visitorId/${resource.collection}`
  const recordPath = `${base}/:${resource.idParam}`
  const RecordParamsSchema = Type.Object({ ...VisitorParams.properties, [resource.idParam]: idSchema })
  const recordId = (req: FastifyRequest): { visitorId: string; id: number } => {
    const params = req.params as RecordParams
    return { visitorId: params.visitorId, id: Number(params[resource.idParam]) }
  }

  const { create, list, get, update, remove } = resource
  if (create) {
    app.post(base, { schema: { params: VisitorParams, body: create.body } }, async (req, reply: FastifyReply) => {
      const { visitorId } = req.params as Static<typeof VisitorParams>
      return reply.status(201).send(one(map(await create.run(westfieldContext(req), visitorId, req.body as Static<C>))))
    })
  }
  if (list) {
    app.get(base, { schema: { params: VisitorParams, querystring: Type.Object({ ...listParams, ...list.filters }) } }, async (req) => {
      const query = req.query as Static<TObject<Q>> & ListParams
      const page = await list.run(accountOf(req), req.params.visitorId, query, listQuery(query, spec))
      return listed(req, query, spec, page, map)
    })
  }
  if (get) {
    app.get(recordPath, { schema: { params: RecordParamsSchema, querystring: Type.Object(fieldsParam) } }, async (req) => {
      const { visitorId, id } = recordId(req)
      return single(map(await get(accountOf(req), visitorId, id)), req.query.fields, spec)
    })
  }
  if (update) {
    app.patch(recordPath, { schema: { params: RecordParamsSchema, body: update.body } }, async (req) => {
      const { visitorId, id } = recordId(req)
      return one(map(await update.run(westfieldContext(req), visitorId, id, req.body as Static<P>)))
    })
  }
  if (remove) {
    app.delete(recordPath, { schema: { params: RecordParamsSchema } }, async (req, reply: FastifyReply) => {
      const { visitorId, id } = recordId(req)
      await remove(westfieldContext(req), visitorId, id)
      return reply.status(204).send()
    })
  }
}
