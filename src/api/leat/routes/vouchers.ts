import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import type { Instant } from '../../../domain/shared/clock.js'
import { lastPage } from '../../../domain/shared/page.js'
import { voucherStatuses } from '../../../domain/vouchers/vouchers.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { leatDate, ok } from '../envelope.js'
import { LeatInputError } from '../errors.js'
import { mapVoucher, mapVoucherLock } from '../money-mappers.js'
import { text, uuid } from '../schemas.js'

const attributes = Type.Record(Type.String(), Type.Unknown())
const isoDate = Type.String({ minLength: 10, maxLength: 40 })

const ListQuery = Type.Object({
  promotion_uuid: Type.Optional(uuid),
  contact_uuid: Type.Optional(uuid),
  status: Type.Optional(Type.Union(voucherStatuses.map((s) => Type.Literal(s)))),
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 500 })),
  page: Type.Optional(Type.Integer({ minimum: 1 })),
})

const CreateBody = Type.Object({
  promotion_uuid: uuid,
  code: Type.Optional(text()),
  contact_uuid: Type.Optional(uuid),
  expiration_date: Type.Optional(isoDate),
  activation_date: Type.Optional(isoDate),
  total_redemptions_allowed: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  custom_attributes: Type.Optional(attributes),
})

const BatchBody = Type.Object({
  promotion_uuid: uuid,
  quantity: Type.Integer({ minimum: 1, maximum: 500 }),
  contact_uuid: Type.Optional(uuid),
  expiration_date: Type.Optional(isoDate),
  activation_date: Type.Optional(isoDate),
  custom_attributes: Type.Optional(attributes),
})

const UpdateBody = Type.Object({
  status: Type.Union([Type.Literal('ACTIVE'), Type.Literal('DEACTIVATED')]),
  custom_attributes: Type.Optional(attributes),
})

const RedeemBody = Type.Object({
  code: text(),
  contact_uuid: Type.Optional(uuid),
  release_key: Type.Optional(text()),
  shop_uuid: Type.Optional(uuid),
})

const MultiRedeemBody = Type.Object({
  code: text(),
  number_of_times: Type.Integer({ minimum: 1, maximum: 50 }),
  contact_uuid: Type.Optional(uuid),
  shop_uuid: uuid,
  release_key: Type.Optional(text()),
})

const VoucherParams = Type.Object({ voucher_uuid: uuid })

/**
 * An ISO 8601 date-time; one without an offset is taken as UTC, as Leat stores it.
 * @throws LeatInputError naming `field`
 */
const parseDate = (value: string | undefined, field: string): Instant | undefined => {
  if (value === undefined) return undefined
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) || !value.includes('T') ? value : `${value}Z`
  const at = Date.parse(withZone)
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at)) throw new LeatInputError(field, 'must be an ISO 8601 date')
  return at
}

const contactRef = (contactUuid: string | undefined) => (contactUuid === undefined ? undefined : { uuid: contactUuid })

export const voucherRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  /** @throws 1003, 80002, 55031 */
  app.get('/vouchers', { schema: { querystring: ListQuery } }, async (req) => {
    const q = req.query
    const perPage = q.limit === undefined || q.limit === 0 ? 30 : q.limit
    const found = await container.vouchers.list(
      principalOf(req).accountId,
      { promotionUuid: q.promotion_uuid, contact: contactRef(q.contact_uuid), status: q.status },
      { page: q.page ?? 1, perPage },
    )
    const from = (found.page - 1) * found.perPage
    return ok(found.items.map(mapVoucher), {
      current_page: found.page,
      from: found.items.length === 0 ? null : from + 1,
      last_page: lastPage(found),
      per_page: found.perPage,
      to: found.items.length === 0 ? null : from + found.items.length,
      total: found.total,
    })
  })

  /** @throws 1003, 80002, 80003, 80008, 55031 */
  app.post('/vouchers', { schema: { body: CreateBody } }, async (req) => {
    const b = req.body
    const voucher = await container.vouchers.create(commandContext(req, 'leat'), {
      promotionUuid: b.promotion_uuid,
      code: b.code,
      contact: contactRef(b.contact_uuid),
      expiresAt: parseDate(b.expiration_date, 'expiration_date'),
      activatesAt: parseDate(b.activation_date, 'activation_date'),
      redemptionsAllowed: b.total_redemptions_allowed,
      attributes: b.custom_attributes,
    })
    return ok(mapVoucher(voucher))
  })

  /** Created at once rather than queued, so the batch answers `FINISHED`. @throws 1003, 80002, 80008, 55031 */
  app.post('/vouchers/batch', { schema: { body: BatchBody } }, async (req) => {
    const b = req.body
    const batch = await container.vouchers.createBatch(commandContext(req, 'leat'), {
      promotionUuid: b.promotion_uuid,
      quantity: b.quantity,
      contact: contactRef(b.contact_uuid),
      expiresAt: parseDate(b.expiration_date, 'expiration_date'),
      activatesAt: parseDate(b.activation_date, 'activation_date'),
      attributes: b.custom_attributes,
    })
    const created = leatDate(batch.createdAt)
    return ok({
      uuid: batch.uuid,
      type: 'vouchers',
      quantity: batch.quantity,
      status: 'FINISHED',
      created_at: `${created.slice(0, 10)}, ${created.slice(11, 16)}`,
    })
  })

  /** The reference lists `code` under Body for this GET; it is read from the query string. @throws 1003, 80004 */
  app.get('/vouchers/find', { schema: { querystring: Type.Object({ code: text() }) } }, async (req) =>
    ok(mapVoucher(await container.vouchers.find(principalOf(req).accountId, { code: req.query.code }))),
  )

  /** @throws 1003, 80004 */
  app.put('/vouchers/update/:voucher_uuid', { schema: { params: VoucherParams, body: UpdateBody } }, async (req) => {
    const voucher = await container.vouchers.update(commandContext(req, 'leat'), req.params.voucher_uuid, {
      active: req.body.status === 'ACTIVE',
      attributes: req.body.custom_attributes,
    })
    return ok(mapVoucher(voucher))
  })

  /** @throws 80004, 80006, 80005, 80012, 80017 */
  app.post('/vouchers/:voucher_uuid/lock', { schema: { params: VoucherParams } }, async (req) =>
    ok(mapVoucherLock(await container.vouchers.lock(commandContext(req, 'leat'), req.params.voucher_uuid))),
  )

  /** @throws 1003 (a key of another lock), 80004, 80006, 80005 */
  app.post('/vouchers/:voucher_uuid/release', { schema: { params: VoucherParams, body: Type.Object({ release_key: text() }) } }, async (req) =>
    ok(mapVoucherLock(await container.vouchers.release(commandContext(req, 'leat'), req.params.voucher_uuid, req.body.release_key))),
  )

  /** @throws 1003, 80004, 80006, 80005, 80012, 80014, 80017 (locked, no or wrong release key), 55031, 1008 */
  app.post('/vouchers/redeem', { schema: { body: RedeemBody } }, async (req) => {
    const b = req.body
    const done = await container.vouchers.redeem(commandContext(req, 'leat'), {
      voucher: { code: b.code },
      contact: contactRef(b.contact_uuid),
      releaseKey: b.release_key,
      shop: b.shop_uuid === undefined ? undefined : { uuid: b.shop_uuid },
    })
    return ok(mapVoucher(done.voucher))
  })

  /** @throws 1003, 80004, 80006, 80005, 80012, 80014, 80019, 55031, 1008 */
  app.post('/vouchers/multi-redeem', { schema: { body: MultiRedeemBody } }, async (req) => {
    const b = req.body
    const done = await container.vouchers.redeem(commandContext(req, 'leat'), {
      voucher: { code: b.code },
      contact: contactRef(b.contact_uuid),
      releaseKey: b.release_key,
      shop: { uuid: b.shop_uuid },
      times: b.number_of_times,
    })
    return ok({
      voucher: mapVoucher(done.voucher),
      voucher_redemptions: done.redemptions.map((r) => ({ uuid: r.uuid, created_at: leatDate(r.createdAt) })),
    })
  })

  /** Takes back the voucher's last redemption. @throws 1003 (nothing to reverse, on `uuid`), 80004 */
  app.post('/vouchers/:voucher_uuid/reverse', { schema: { params: VoucherParams }, config: { fields: { redemptions: 'uuid' } } }, async (req) =>
    ok(mapVoucher(await container.vouchers.reverseRedemption(commandContext(req, 'leat'), req.params.voucher_uuid))),
  )
}
