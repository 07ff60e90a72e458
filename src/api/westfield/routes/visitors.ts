import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { type Static, Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import type { RegistrationOptin as RegistrationOptinInput } from '../../../domain/visitor-profile/visitors.service.js'
import type { VisitorFilter, VisitorPatch } from '../../../domain/visitors/visitors.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { one } from '../envelope.js'
import { fieldsParam, listed, listParams, listQuery, single } from '../list.js'
import { mapCard, mapVehicle } from '../mappers/parking.js'
import { instant, instantOrNull, mapExternalId, mapVisitor, mapVisitorCenter, VISITOR_SPEC } from '../mappers.js'
import {
  dateTime,
  ErasureBody,
  InvalidFlagsBody,
  PartialVisitorBody,
  type RegistrationOptin,
  uuid,
  VisitorBody,
  VisitorCountQuery,
  VisitorParams,
  VisitorPatchBody,
  visitorFilters,
} from '../schemas.js'
import { mapOptin } from './consent.js'
import { defined } from './engagement-common.js'
import { mapReward } from './rewards.js'

const ListVisitorsQuery = Type.Object({ ...listParams, ...visitorFilters })

const toOptin = (o: Static<typeof RegistrationOptin>): RegistrationOptinInput => ({
  clientId: o.clientId ?? null,
  sendId: o.sendId ?? null,
  optinChannel: o.optinChannel,
  optinType: o.optinType,
  legalTextId: o.legalTextId ?? null,
  isActive: o.isActive,
  lastOpenedDate: o.lastOpenedDate === undefined ? null : instant(o.lastOpenedDate),
  contextId: o.contextId ?? null,
})

const orNull = <T>(value: T | null | undefined): T | null => value ?? null

export const visitorRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { visitors } = container

  app.post('/visitors', { schema: { body: VisitorBody } }, async (req, reply) => {
    const b = req.body
    const { visitor, created } = await visitors.register(commandContext(req, 'westfield', 'app'), {
      email: b.email,
      firstName: b.firstName,
      lastName: b.lastName,
      gender: b.gender,
      phone: orNull(b.phone),
      mobileLocale: orNull(b.mobileLocale),
      timezone: orNull(b.timezone),
      countryCode: b.countryCode,
      acquisitionPcCode: b.acquisitionPcCode,
      addressStreet: orNull(b.addressStreet),
      addressCity: orNull(b.addressCity),
      addressState: orNull(b.addressState),
      addressZipCode: orNull(b.addressZipCode),
      billingAddress: orNull(b.billingAddress),
      billingAddress2: orNull(b.billingAddress2),
      billingZipCode: orNull(b.billingZipCode),
      billingCity: orNull(b.billingCity),
      billingCountryCode: orNull(b.billingCountryCode),
      emailVerified: b.emailVerified ?? false,
      emailInvalid: b.emailInvalid ?? false,
      phoneVerified: b.phoneVerified ?? false,
      phoneInvalid: b.phoneInvalid ?? false,
      birthDay: orNull(b.birthDay),
      birthMonth: orNull(b.birthMonth),
      birthYear: orNull(b.birthYear),
      lastVisitDate: b.lastVisitDate === undefined ? null : instant(b.lastVisitDate),
      accountType: 'full',
      originType: orNull(b.originType),
      origin: orNull(b.origin),
      optins: (b.optins ?? []).map(toOptin),
    })
    return reply.status(created ? 201 : 200).send(one(mapVisitor(visitor)))
  })

  app.post('/visitors/partial', { schema: { body: PartialVisitorBody } }, async (req, reply) => {
    const b = req.body
    const { visitor } = await visitors.register(commandContext(req, 'westfield', 'app'), {
      email: b.email,
      firstName: b.firstName,
      lastName: orNull(b.lastName),
      gender: orNull(b.gender),
      phone: orNull(b.phone),
      mobileLocale: orNull(b.mobileLocale),
      timezone: orNull(b.timezone),
      countryCode: b.countryCode,
      acquisitionPcCode: b.preferredCenter,
      addressStreet: null,
      addressCity: null,
      addressState: null,
      addressZipCode: null,
      billingAddress: null,
      billingAddress2: null,
      billingZipCode: null,
      billingCity: null,
      billingCountryCode: null,
      emailVerified: false,
      emailInvalid: false,
      phoneVerified: false,
      phoneInvalid: false,
      birthDay: null,
      birthMonth: null,
      birthYear: null,
      lastVisitDate: null,
      accountType: 'partial',
      originType: orNull(b.originType),
      origin: orNull(b.origin),
      optins: (b.optins ?? []).map(toOptin),
    })
    return reply.status(201).send(one(mapVisitor(visitor)))
  })

  app.get('/visitors', { schema: { querystring: ListVisitorsQuery } }, async (req) => {
    const q = req.query
    const filter: VisitorFilter = defined({
      countryCode: q.countryCode,
      barcode: q.barcode,
      email: q.email,
      acquisitionPcCode: q.acquisitionPcCode,
      accountType: q.accountType,
      originType: q.originType,
      isSmartparker: q.isSmartparker,
      updatedSince: q.updatedSince === undefined ? undefined : instant(q.updatedSince),
      createdSince: q.createdSince === undefined ? undefined : instant(q.createdSince),
      query: q.query,
      queryBy: q.queryBy,
    })
    const page = await visitors.list(principalOf(req).accountId, filter, listQuery(q, VISITOR_SPEC))
    return listed(req, q, VISITOR_SPEC, page, mapVisitor)
  })

  app.get(
    '/visitors/details',
    {
      schema: {
        querystring: Type.Object({
          offset: listParams.offset,
          limit: listParams.limit,
          sort: listParams.sort,
          visitorId: Type.Optional(uuid),
          creationDateGte: Type.Optional(dateTime),
          creationDateLt: Type.Optional(dateTime),
        }),
      },
    },
    async (req) => {
      const q = req.query
      const filter: VisitorFilter = defined({
        visitorIds: q.visitorId === undefined ? undefined : [q.visitorId],
        createdSince: q.creationDateGte === undefined ? undefined : instant(q.creationDateGte),
        createdBefore: q.creationDateLt === undefined ? undefined : instant(q.creationDateLt),
      })
      const page = await container.visitorDetails.list(principalOf(req).accountId, filter, listQuery(q, VISITOR_SPEC))
      return listed(req, q, VISITOR_SPEC, page, (d) => ({
        ...mapVisitor(d.visitor),
        externalIds: d.externalIds.map(mapExternalId),
        optins: d.optins.map(mapOptin),
        rewards: d.rewards.map(mapReward),
        visitorCenters: d.visitorCenters.map(mapVisitorCenter),
        vehicles: d.vehicles.map(mapVehicle),
        creditCards: d.creditCards.map(mapCard),
      }))
    },
  )

  app.get('/visitors/count', { schema: { querystring: VisitorCountQuery } }, async (req) => {
    const q = req.query
    const count = await visitors.count(
      principalOf(req).accountId,
      defined({
        registeredSince: q.registeredSince === undefined ? undefined : instant(q.registeredSince),
        registeredUntil: q.registeredUntil === undefined ? undefined : instant(q.registeredUntil),
        acquisitionPcCode: q.acquisitionPcCode,
        accountType: q.accountType,
        originType: q.originType,
      }),
    )
    return one({ count })
  })

  app.patch('/visitors', { schema: { body: InvalidFlagsBody } }, async (req) => {
    const updated = await visitors.flagInvalid(commandContext(req, 'westfield'), req.body)
    return one(updated.map((v) => ({ visitorId: v.visitorId, emailInvalid: v.emailInvalid, phoneInvalid: v.phoneInvalid })))
  })

  app.post('/visitors/batch-delete', { schema: { body: ErasureBody } }, async (req) =>
    one(await visitors.eraseByAnalyticsIds(commandContext(req, 'westfield'), req.body)),
  )

  app.get('/visitors/:visitorId', { schema: { params: VisitorParams, querystring: Type.Object(fieldsParam) } }, async (req) =>
    single(mapVisitor(await visitors.get(principalOf(req).accountId, req.params.visitorId)), req.query.fields, VISITOR_SPEC),
  )

  app.patch('/visitors/:visitorId', { schema: { params: VisitorParams, body: VisitorPatchBody } }, async (req) => {
    const b = req.body
    const patch: VisitorPatch = defined({
      ...b,
      lastVisitDate: instantOrNull(b.lastVisitDate),
    })
    return one(mapVisitor(await visitors.update(commandContext(req, 'westfield'), req.params.visitorId, patch)))
  })
}
