import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { principalOf } from '../../shared/request.js'
import { mapHistory } from '../mappers.js'
import { StoreHistoryQuery, UserHistoryQuery } from '../schemas.js'
import { lookupOf, rangeOf } from '../users.js'
import { DEFAULT_STORE } from './users.js'

const PER_PAGE = 20

export const historyRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  /** Store History: every entry written in one store, by any API, newest first. */
  app.get('/entity/store/history', { schema: { querystring: StoreHistoryQuery } }, async (req) => {
    const { accountId, timeZone } = principalOf(req)
    const range = rangeOf(req.query, timeZone)
    const page = { page: req.query.page ?? 1, perPage: req.query.per_page ?? PER_PAGE }
    return mapHistory(await container.activity.storeHistory(accountId, req.query.store ?? DEFAULT_STORE, range, page))
  })

  /** User History: one user's entries in every store, newest first. */
  app.get('/entity/user/history', { schema: { querystring: UserHistoryQuery } }, async (req) => {
    const { accountId, timeZone } = principalOf(req)
    const lookup = lookupOf(req.query)
    const range = rangeOf(req.query, timeZone)
    const page = { page: req.query.page ?? 1, perPage: req.query.per_page ?? PER_PAGE }
    return mapHistory(await container.activity.contactHistory(accountId, lookup, range, page))
  })
}
