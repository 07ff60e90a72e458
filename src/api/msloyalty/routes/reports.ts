import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { DomainError } from '../../../domain/shared/errors.js'
import { isCalendarDate } from '../../../domain/shared/time.js'
import { principalOf } from '../../shared/request.js'
import { ok } from '../envelope.js'
import { mapProductSummary, mapStoreSummary } from '../mappers.js'
import { DateRangeQuery } from '../schemas.js'

const checkDates = (q: DateRangeQuery) => {
  for (const field of ['startDate', 'endDate'] as const) {
    if (!isCalendarDate(q[field])) throw new DomainError('validation.invalid', { field, reason: 'must be a date written YYYY-MM-DD' })
  }
}

export const reportRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get('/api/report/dailySummary/stores', { schema: { querystring: DateRangeQuery } }, async (req) => {
    checkDates(req.query)
    const rows = await container.reports.dailyByStore(principalOf(req).accountId, req.query.startDate, req.query.endDate)
    return ok(rows.map(mapStoreSummary), 'Proceso exitoso')
  })

  app.get('/api/report/dailySummary/products', { schema: { querystring: DateRangeQuery } }, async (req) => {
    checkDates(req.query)
    const rows = await container.reports.dailyByProduct(principalOf(req).accountId, req.query.startDate, req.query.endDate)
    return ok(rows.map(mapProductSummary), 'Proceso exitoso')
  })
}
