import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { centerDefaults } from '../../../domain/centers/centers.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { one } from '../envelope.js'
import { fieldsParam, listed, listParams, listQuery, single } from '../list.js'
import { CENTER_SPEC, COMPANY_SPEC, instantOrNull, mapCenter, mapCompany } from '../mappers.js'
import { countryCode, dateTime, id, nullable, oneOf, pcCode, text, urwAppId } from '../schemas.js'
import { defined } from './engagement-common.js'

const parkingPartner = oneOf(['smartparking_us', 'smartparking_uk', 'ilogs', 'designa', 'thales', 'smartparking_v2'] as const)
const flag = Type.Optional(Type.Boolean())
const centerFields = {
  label: text(),
  country: countryCode,
  isWestfield: Type.Boolean(),
  centerId: Type.Optional(text()),
  centerCode: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
  hasWorker: flag,
  hasMultiStep: flag,
  isActive: flag,
  hasEmailValidation: flag,
  loyaltyStartDate: Type.Optional(nullable(dateTime)),
  hasBasicLoyalty: flag,
  parkingPartner: Type.Optional(parkingPartner),
  walletContextId: Type.Optional(nullable(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }))),
  urwAppId: Type.Optional(nullable(urwAppId)),
  hasRegistration: flag,
  hasLoyalty: flag,
}
const CenterBody = Type.Object({ ...centerFields, pcCode })
const CenterPatch = Type.Partial(Type.Object(centerFields))
const CenterParams = Type.Object({ pcCode })
const CompanyBody = Type.Object({ companyName: text() })
const CompanyParams = Type.Object({ pcCode, centerCompanyId: id })

export const centerRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { centers } = container

  app.post('/centers', { schema: { body: CenterBody } }, async (req, reply) => {
    const b = req.body
    const center = await centers.create(commandContext(req, 'westfield'), {
      ...centerDefaults,
      ...defined({ ...b, loyaltyStartDate: instantOrNull(b.loyaltyStartDate) }),
      pcCode: b.pcCode,
      label: b.label,
      country: b.country,
      isWestfield: b.isWestfield,
    })
    return reply.status(201).send(one(mapCenter(center)))
  })
  app.get('/centers', { schema: { querystring: Type.Object({ ...listParams, isActive: flag, country: Type.Optional(countryCode) }) } }, async (req) => {
    const page = await centers.list(principalOf(req).accountId, { isActive: req.query.isActive, country: req.query.country }, listQuery(req.query, CENTER_SPEC))
    return listed(req, req.query, CENTER_SPEC, page, mapCenter)
  })
  app.get('/centers/:pcCode', { schema: { params: CenterParams, querystring: Type.Object(fieldsParam) } }, async (req) =>
    single(mapCenter(await centers.get(principalOf(req).accountId, req.params.pcCode)), req.query.fields, CENTER_SPEC),
  )
  app.patch('/centers/:pcCode', { schema: { params: CenterParams, body: CenterPatch } }, async (req) => {
    const b = req.body
    const center = await centers.update(
      commandContext(req, 'westfield'),
      req.params.pcCode,
      defined({ ...b, loyaltyStartDate: instantOrNull(b.loyaltyStartDate) }),
    )
    return one(mapCenter(center))
  })

  app.post('/centers/:pcCode/companies', { schema: { params: CenterParams, body: CompanyBody } }, async (req, reply) =>
    reply.status(201).send(one(mapCompany(await centers.createCompany(commandContext(req, 'westfield'), req.params.pcCode, req.body.companyName)))),
  )
  app.get('/centers/:pcCode/companies', { schema: { params: CenterParams, querystring: Type.Object(listParams) } }, async (req) => {
    const page = await centers.listCompanies(principalOf(req).accountId, req.params.pcCode, listQuery(req.query, COMPANY_SPEC))
    return listed(req, req.query, COMPANY_SPEC, page, mapCompany)
  })
  app.get('/centers/:pcCode/companies/:centerCompanyId', { schema: { params: CompanyParams, querystring: Type.Object(fieldsParam) } }, async (req) =>
    single(mapCompany(await centers.getCompany(principalOf(req).accountId, req.params.pcCode, req.params.centerCompanyId)), req.query.fields, COMPANY_SPEC),
  )
  app.patch('/centers/:pcCode/companies/:centerCompanyId', { schema: { params: CompanyParams, body: CompanyBody } }, async (req) =>
    one(mapCompany(await centers.updateCompany(commandContext(req, 'westfield'), req.params.pcCode, req.params.centerCompanyId, req.body.companyName))),
  )
  app.delete('/centers/:pcCode/companies/:centerCompanyId', { schema: { params: CompanyParams } }, async (req, reply) => {
    await centers.removeCompany(commandContext(req, 'westfield'), req.params.pcCode, req.params.centerCompanyId)
    return reply.status(204).send()
  })
}
