import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { principalOf } from '../../shared/request.js'
import { listed, listQuery } from '../list.js'
import { HISTORY_SPEC, historyAmounts, mapHistory, SUMMARY_SPEC } from '../mappers/parking.js'
import { instant } from '../mappers.js'
import { HistoryBody, HistoryPatch, historyFilters, SummaryQuery } from '../schemas/parking.js'
import { VisitorParams } from '../schemas.js'
import { visitorOwnedRoutes } from '../visitor-owned.js'
import { defined } from './engagement-common.js'

/** A visitor's parking sessions with what they cost, and their monthly summary. */
export const parkingHistoryRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container: { parking } }) => {
  visitorOwnedRoutes(fastify, {
    collection: 'parking-histories',
    idParam: 'parkingHistoryId',
    spec: HISTORY_SPEC,
    map: mapHistory,
    create: {
      body: HistoryBody,
      run: (ctx, visitorId, b) =>
        parking.createHistory(ctx, visitorId, {
          cardId: b.cardId,
          parkingId: b.parkingId,
          pcCode: b.pcCode,
          parkingSessionId: b.parkingSessionId ?? null,
          parkingSessionStart: b.parkingSessionStart === undefined ? null : instant(b.parkingSessionStart),
          parkingSessionEnd: b.parkingSessionEnd === undefined ? null : instant(b.parkingSessionEnd),
          amount: b.amount ?? null,
          currency: b.currency,
          accessDevice: b.accessDevice,
          exitAccessDevice: b.exitAccessDevice ?? null,
          formattedTotalTime: b.formattedTotalTime ?? null,
          paidAt: b.paidAt === undefined ? null : instant(b.paidAt),
          paidAtKiosk: b.paidAtKiosk ?? null,
          paymentStatus: b.paymentStatus ?? null,
          totalTime: b.totalTime ?? null,
          transactionId: b.transactionId ?? null,
          vendorId: b.vendorId ?? null,
          refundedAmount: null,
          transactionFullAmount: null,
          transactionPretaxAmount: null,
          transactionTaxAmount: null,
          validationAmount: null,
          ...defined(historyAmounts(b)),
        }),
    },
    list: {
      filters: historyFilters,
      run: (accountId, visitorId, q, list) =>
        parking.listHistories(
          accountId,
          visitorId,
          {
            accessDevice: q.accessDevice,
            parkingId: q.parkingId,
            parkingSessionId: q.parkingSessionId,
            startDate: q.startDate === undefined ? undefined : instant(q.startDate),
            endDate: q.endDate === undefined ? undefined : instant(q.endDate),
          },
          list,
        ),
    },
    get: (accountId, visitorId, id) => parking.getHistory(accountId, visitorId, id),
    update: {
      body: HistoryPatch,
      run: (ctx, visitorId, id, b) => {
        const {
          refundedAmount,
          transactionFullAmount,
          transactionPretaxAmount,
          transactionTaxAmount,
          validationAmount,
          parkingSessionStart,
          parkingSessionEnd,
          paidAt,
          ...rest
        } = b
        return parking.updateHistory(ctx, visitorId, id, {
          ...defined(rest),
          ...(b.parkingSessionId === null ? { parkingSessionId: null } : {}),
          ...(b.exitAccessDevice === null ? { exitAccessDevice: null } : {}),
          ...(b.paidAtKiosk === null ? { paidAtKiosk: null } : {}),
          ...(b.transactionId === null ? { transactionId: null } : {}),
          ...(parkingSessionStart !== undefined ? { parkingSessionStart: instant(parkingSessionStart) } : {}),
          ...(parkingSessionEnd !== undefined ? { parkingSessionEnd: instant(parkingSessionEnd) } : {}),
          ...(paidAt !== undefined ? { paidAt: instant(paidAt) } : {}),
          ...historyAmounts({ refundedAmount, transactionFullAmount, transactionPretaxAmount, transactionTaxAmount, validationAmount }),
        })
      },
    },
    remove: (ctx, visitorId, id) => parking.deleteHistory(ctx, visitorId, id),
  })

  /** Totals per month in the visitor's time zone. */
  fastify
    .withTypeProvider<TypeBoxTypeProvider>()
    .get('/visitors/:visitorId/parking-histories/summary', { schema: { params: VisitorParams, querystring: SummaryQuery } }, async (req) => {
      const q = req.query
      const page = await parking.summary(
        principalOf(req).accountId,
        req.params.visitorId,
        q.timezone,
        { parkingId: q.parkingId, accessDevice: q.accessDevice, pcCode: q.pcCode },
        listQuery(q, SUMMARY_SPEC),
      )
      return listed(req, q, SUMMARY_SPEC, page, (row) => ({ ...row }))
    })
}
