import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { Container } from '../../../container.js'
import type { OrderLine } from '../../../domain/ledger/ledger.js'
import type { Channel } from '../../../domain/shared/command.js'
import { DomainError } from '../../../domain/shared/errors.js'
import { lastPage } from '../../../domain/shared/page.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { ok } from '../envelope.js'
import { dateBound, mapCustomer, mapTransaction, toMinor } from '../mappers.js'
import {
  ByCodeQuery,
  ByCustomerQuery,
  CheckbookBody,
  HistoryQuery,
  RedeemFullBalanceBody,
  ReverseBody,
  ReverseManyBody,
  TransactionBody,
  TransferBody,
} from '../schemas.js'

const PER_PAGE = 15
const platforms: Record<string, Channel> = { web: 'web', mobile: 'app', ios: 'app', android: 'app' }

/**
 * The `Platform` header names the front end a request comes from; without
 * it the request comes from a point of sale.
 * @throws validation.invalid for a value the document does not list
 */
const channelOf = (req: FastifyRequest): Channel => {
  const raw = req.headers.platform
  if (raw === undefined) return 'pos'
  const value = String(raw).toLowerCase()
  const channel = platforms[value]
  if (!channel) throw new DomainError('validation.invalid', { field: 'Platform', reason: 'must be one of web, mobile, ios, android' })
  return channel
}

const context = (req: FastifyRequest) => commandContext(req, 'msloyalty', channelOf(req))

type Detail = NonNullable<CheckbookBody['detail']>

const orderLines = (detail: Detail | undefined): OrderLine[] => {
  if (detail === undefined) return []
  const list = Array.isArray(detail) ? detail : [detail]
  return list.map((d, i) => {
    const field = Array.isArray(detail) ? `detail.${i}` : 'detail'
    return {
      productExternalId: d.externalId,
      productName: d.name ?? null,
      quantity: d.quantity ?? 1,
      total: toMinor(d.total, `${field}.total`),
      earnedRedeemed: toMinor(d.earnedRedeemed ?? 0, `${field}.earnedRedeemed`),
    }
  })
}

const nonZero = (value: number, field: string) => {
  const amount = toMinor(value, field)
  if (amount === 0) throw new DomainError('validation.invalid', { field, reason: 'must not be zero' })
  return amount
}

export const transactionRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { ledger } = container

  /** A positive `total` credits the customer (registering them when new); a negative one debits. */
  app.post('/api/transaction', { schema: { body: TransactionBody } }, async (req) => {
    const b = req.body
    const { timeZone } = principalOf(req)
    const amount = nonZero(b.total, 'total')
    const view = await ledger.post(context(req), {
      contact: { kind: 'external_id', value: b.customer.externalId, name: b.customer.name, data: b.customer.data, referredBy: b.customer.referredBy },
      type: b.type,
      code: b.code ?? null,
      amount,
      shop: b.store,
      title: b.title,
      description: b.description,
      reference: b.externalId,
      expiresAt: b.expirationDate === undefined ? undefined : dateBound(b.expirationDate, timeZone, 'expirationDate', true),
      metadata: {
        ...(b.vendor ? { vendor: b.vendor } : {}),
        ...(b.checkbookId ? { checkbookId: b.checkbookId } : {}),
        ...(b.transferTransactionId ? { transferTransactionId: b.transferTransactionId } : {}),
      },
    })
    return ok(mapTransaction(view, timeZone))
  })

  /**
   * An order (checkbook): `earnedRedeemed` positive earns, negative redeems
   * (by default the sum of the detail lines'); `total` is the order's amount.
   */
  app.post('/api/transaction/checkbook', { schema: { body: CheckbookBody } }, async (req) => {
    const b = req.body
    const { timeZone } = principalOf(req)
    const lines = orderLines(b.detail)
    const earnedRedeemed = b.earnedRedeemed === undefined ? lines.reduce((sum, l) => sum + l.earnedRedeemed, 0) / 100 : b.earnedRedeemed
    const view = await ledger.post(context(req), {
      contact: { kind: 'external_id', value: b.customer.externalId, name: b.customer.name, data: b.customer.data, referredBy: b.customer.referredBy },
      type: b.type,
      code: b.code,
      amount: nonZero(earnedRedeemed, 'earnedRedeemed'),
      shop: b.store,
      title: b.title,
      reference: b.externalId,
      lines,
      metadata: { orderTotal: toMinor(b.total, 'total') },
    })
    return ok(mapTransaction(view, timeZone))
  })

  app.post('/api/transaction/reverse', { schema: { body: ReverseBody } }, async (req) => {
    const { timeZone } = principalOf(req)
    const [view] = await ledger.reverse(context(req), { type: req.body.type, codes: [req.body.code] })
    return ok(view ? mapTransaction(view, timeZone) : null)
  })

  /** All or nothing: one unknown or already reversed code rejects the whole batch. */
  app.post('/api/transaction/reverseMany', { schema: { body: ReverseManyBody }, config: { fields: { code: (i) => `codes.${i}` } } }, async (req) => {
    const { timeZone } = principalOf(req)
    const views = await ledger.reverse(context(req), { type: req.body.type, codes: req.body.codes })
    return ok(views.map((v) => mapTransaction(v, timeZone)))
  })

  app.post('/api/transaction/transfer', { schema: { body: TransferBody } }, async (req) => {
    const b = req.body
    const { timeZone } = principalOf(req)
    const amount = toMinor(b.total, 'total')
    if (amount <= 0) throw new DomainError('validation.invalid', { field: 'total', reason: 'must be greater than zero' })
    const { from, to } = await ledger.transfer(context(req), {
      from: { kind: 'external_id', value: b.customerFrom.externalId, name: b.customerFrom.name },
      to: { kind: 'external_id', value: b.customerTo.externalId, name: b.customerTo.name },
      type: b.type,
      amount,
      title: b.title,
      description: b.description,
    })
    return ok({ from: mapTransaction(from, timeZone), to: mapTransaction(to, timeZone) })
  })

  /** Spends the customer's whole balance of the type's unit on one order; answers the customer. */
  app.post('/api/transaction/redeemFullBalance', { schema: { body: RedeemFullBalanceBody } }, async (req) => {
    const b = req.body
    const orderTotal = toMinor(b.total, 'total')
    const snapshot = await ledger.redeemFullBalance(context(req), {
      contact: { kind: 'external_id', value: b.customer.externalId, name: b.customer.name },
      type: b.type,
      code: b.code,
      shop: b.store,
      title: b.title,
      reference: b.externalId,
      lines: orderLines(b.detail),
      metadata: { orderTotal },
    })
    return ok(mapCustomer(snapshot))
  })

  app.get('/api/transaction/history', { schema: { querystring: HistoryQuery }, config: { fields: { contact: 'customerId' } } }, async (req) => {
    const { accountId, timeZone } = principalOf(req)
    const perPage = req.query.perPage ?? PER_PAGE
    const page = await ledger.history(accountId, { kind: 'external_id', value: req.query.customerId }, { page: req.query.page, perPage })
    return ok(
      page.items.map((v) => mapTransaction(v, timeZone)),
      'OK',
      { current_page: page.page, per_page: page.perPage, total: page.total, last_page: lastPage(page) },
    )
  })

  app.get('/api/transaction/transactionByCode', { schema: { querystring: ByCodeQuery } }, async (req) => {
    const { accountId, timeZone } = principalOf(req)
    const views = await ledger.byCode(accountId, req.query.type, req.query.code)
    if (views.length === 0)
      throw new DomainError('ledger.entry_not_found', { field: 'code', reason: `no ${req.query.type} transaction with code ${req.query.code}` })
    return ok(views.map((v) => mapTransaction(v, timeZone)))
  })

  /** The by-customer queries name the customer `document`. */
  const byDocument = { fields: { contact: 'document' } }

  const byCustomer = (unitName: string) => async (req: FastifyRequest<{ Querystring: ByCustomerQuery }>) => {
    const { accountId, timeZone } = principalOf(req)
    const from = dateBound(req.query.from, timeZone, 'from')
    const to = dateBound(req.query.to, timeZone, 'to', true)
    if (to <= from) throw new DomainError('validation.invalid', { field: 'to', reason: 'must not be before from' })
    const views = await ledger.inRange(accountId, { kind: 'external_id', value: req.query.document }, unitName, from, to)
    return ok(views.map((v) => mapTransaction(v, timeZone)))
  }

  /** Reloads are the customer's movements in COINS, points those in POINTS, within [from, to] in the account's time zone. */
  app.get('/api/transaction/reloadsByCustomer', { schema: { querystring: ByCustomerQuery }, config: byDocument }, byCustomer('COINS'))
  app.get('/api/transaction/pointsByCustomer', { schema: { querystring: ByCustomerQuery }, config: byDocument }, byCustomer('POINTS'))
}
