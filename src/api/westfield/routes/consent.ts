import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { type LegalText, type LegalTextLocale, legalTypes, type Optin, optinChannels, optinTypes } from '../../../domain/consent/consent.js'
import type { LegalTextView } from '../../../domain/consent/consent.service.js'
import { DomainError } from '../../../domain/shared/errors.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { one } from '../envelope.js'
import { fieldsParam, listed, listParams, listQuery, listSpec, single } from '../list.js'
import { instant, iso, isoOrNull } from '../mappers.js'
import { dateTime, freeText, id, nullable, oneOf, text, VisitorParams } from '../schemas.js'
import { defined } from './engagement-common.js'

const localeCode = Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35, description: 'BCP 47 locale, e.g. fr-FR' })
const longText = nullable(Type.String({ maxLength: 200_000 }))

const LegalTextBody = Type.Object({ type: oneOf(legalTypes), releaseDate: dateTime, requireConsent: Type.Optional(Type.Boolean()) })
const LegalTextPatch = Type.Object({ releaseDate: Type.Optional(dateTime), requireConsent: Type.Optional(Type.Boolean()) })
const LegalTextParams = Type.Object({ legalTextId: id })
const LocaleParams = Type.Object({ legalTextId: id, localeCode })
const LocaleBody = Type.Object({ localeCode: Type.Optional(localeCode), optinDisplayText: longText, optinHeaderText: longText, documentText: longText })
const LocalePatch = Type.Object({ optinDisplayText: Type.Optional(longText), optinHeaderText: Type.Optional(longText), documentText: Type.Optional(longText) })
const LegalTextsQuery = Type.Object({
  ...listParams,
  legalType: Type.Optional(oneOf(legalTypes)),
  version: Type.Optional(Type.Integer({ minimum: 1 })),
  latest: Type.Optional(Type.Boolean()),
  locale: Type.Optional(localeCode),
})

const optinType = oneOf(optinTypes)
const optinChannel = oneOf(optinChannels)
const OptinBody = Type.Object({
  clientId: Type.Optional(freeText()),
  sendId: Type.Optional(freeText()),
  optinChannel,
  optinType,
  legalTextId: Type.Optional(nullable(id)),
  isActive: Type.Boolean(),
  lastOpenedDate: Type.Optional(dateTime),
  contextId: Type.Optional(Type.Integer({ minimum: 0 })),
})
const OptinPatch = Type.Object({ clientId: Type.Optional(freeText()), sendId: Type.Optional(freeText()) })
const OptinParams = Type.Object({ ...VisitorParams.properties, optinId: id })
const OptinsQuery = Type.Object({
  ...listParams,
  isActive: Type.Optional(Type.Boolean()),
  contextId: Type.Optional(Type.Integer({ minimum: 0 })),
  latest: Type.Optional(Type.Boolean()),
  optinType: Type.Optional(optinType),
  optinChannel: Type.Optional(optinChannel),
})

const mapLegalText = ({ text: t, locale }: LegalTextView) => ({
  id: t.id,
  type: t.type,
  version: t.version,
  releaseDate: iso(t.releaseDate),
  requireConsent: t.requireConsent,
  optinDisplayText: locale?.optinDisplayText ?? null,
  optinHeaderText: locale?.optinHeaderText ?? null,
  documentText: locale?.documentText ?? null,
  creationDate: iso(t.createdAt),
  updateDate: iso(t.updatedAt),
})
const LEGAL_TEXT_SPEC = listSpec(
  ['id', 'type', 'version', 'releaseDate', 'requireConsent', 'optinDisplayText', 'optinHeaderText', 'documentText', 'creationDate', 'updateDate'],
  ['optinDisplayText', 'optinHeaderText', 'documentText'],
)

const mapLocale = (l: LegalTextLocale) => ({
  optinDisplayText: l.optinDisplayText,
  optinHeaderText: l.optinHeaderText,
  documentText: l.documentText,
  legalTextId: l.legalTextId,
  localeCode: l.localeCode,
})
const LOCALE_SPEC = listSpec(
  ['optinDisplayText', 'optinHeaderText', 'documentText', 'legalTextId', 'localeCode'],
  ['optinDisplayText', 'optinHeaderText', 'documentText'],
)

export const mapOptin = (o: Optin) => ({
  clientId: o.clientId,
  sendId: o.sendId,
  optinChannel: o.optinChannel,
  optinType: o.optinType,
  legalTextId: o.legalTextId,
  isActive: o.isActive,
  lastOpenedDate: isoOrNull(o.lastOpenedDate),
  contextId: o.contextId,
  optinId: o.id,
  visitorId: o.visitorId,
  optoutDate: isoOrNull(o.optoutDate),
  optinDate: iso(o.optinDate),
  creationDate: iso(o.createdAt),
  updateDate: iso(o.updatedAt),
})
const OPTIN_SPEC = listSpec([
  'clientId',
  'sendId',
  'optinChannel',
  'optinType',
  'legalTextId',
  'isActive',
  'lastOpenedDate',
  'contextId',
  'optinId',
  'visitorId',
  'optoutDate',
  'optinDate',
  'creationDate',
  'updateDate',
])

const mapRequired = (t: LegalText) => ({ legalTextId: t.id, requireConsent: t.requireConsent })

const WF = 'westfield'

/** Legal texts with versions and locales, visitors' optins, and the consents a visitor still owes. */
export const consentRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { consent } = container

  app.post('/legal-texts', { schema: { body: LegalTextBody } }, async (req, reply) => {
    const b = req.body
    const view = await consent.createLegalText(commandContext(req, WF), {
      type: b.type,
      releaseDate: instant(b.releaseDate),
      requireConsent: b.requireConsent ?? false,
    })
    return reply.status(201).send(one(mapLegalText(view)))
  })

  app.get('/legal-texts', { schema: { querystring: LegalTextsQuery } }, async (req) => {
    const q = req.query
    const page = await consent.listLegalTexts(
      principalOf(req).accountId,
      { legalType: q.legalType, version: q.version, latest: q.latest, locale: q.locale },
      listQuery(q, LEGAL_TEXT_SPEC),
    )
    return listed(req, q, LEGAL_TEXT_SPEC, page, mapLegalText)
  })

  app.get(
    '/legal-texts/:legalTextId',
    { schema: { params: LegalTextParams, querystring: Type.Object({ ...fieldsParam, locale: Type.Optional(localeCode) }) } },
    async (req) =>
      single(mapLegalText(await consent.getLegalText(principalOf(req).accountId, req.params.legalTextId, req.query.locale)), req.query.fields, LEGAL_TEXT_SPEC),
  )

  app.patch('/legal-texts/:legalTextId', { schema: { params: LegalTextParams, body: LegalTextPatch } }, async (req) => {
    const b = req.body
    const view = await consent.updateLegalText(commandContext(req, WF), req.params.legalTextId, {
      releaseDate: b.releaseDate === undefined ? undefined : instant(b.releaseDate),
      requireConsent: b.requireConsent,
    })
    return one(mapLegalText(view))
  })

  /** The locale code comes in the body (`localeCode`) or, as the document lists it, in the query. */
  app.post(
    '/legal-texts/:legalTextId/locales',
    { schema: { params: LegalTextParams, querystring: Type.Object({ localeCode: Type.Optional(localeCode) }), body: LocaleBody } },
    async (req, reply) => {
      const { localeCode: inBody, ...texts } = req.body
      const code = inBody ?? req.query.localeCode
      if (code === undefined) throw new DomainError('validation.invalid', { field: 'localeCode', reason: 'is required' })
      const locale = await consent.addLocale(commandContext(req, WF), req.params.legalTextId, code, texts)
      return reply.status(201).send(one(mapLocale(locale)))
    },
  )

  app.get('/legal-texts/:legalTextId/locales', { schema: { params: LegalTextParams, querystring: Type.Object(listParams) } }, async (req) => {
    const page = await consent.listLocales(principalOf(req).accountId, req.params.legalTextId, listQuery(req.query, LOCALE_SPEC))
    return listed(req, req.query, LOCALE_SPEC, page, mapLocale)
  })

  app.get('/legal-texts/:legalTextId/locales/:localeCode', { schema: { params: LocaleParams, querystring: Type.Object(fieldsParam) } }, async (req) =>
    single(mapLocale(await consent.getLocale(principalOf(req).accountId, req.params.legalTextId, req.params.localeCode)), req.query.fields, LOCALE_SPEC),
  )

  app.patch('/legal-texts/:legalTextId/locales/:localeCode', { schema: { params: LocaleParams, body: LocalePatch } }, async (req) => {
    const locale = await consent.updateLocale(commandContext(req, WF), req.params.legalTextId, req.params.localeCode, req.body)
    return one(mapLocale(locale))
  })

  app.get('/visitors/:visitorId/optins', { schema: { params: VisitorParams, querystring: OptinsQuery } }, async (req) => {
    const q = req.query
    const page = await consent.listOptins(
      principalOf(req).accountId,
      req.params.visitorId,
      { isActive: q.isActive, contextId: q.contextId, latest: q.latest, optinType: q.optinType, optinChannel: q.optinChannel },
      listQuery(q, OPTIN_SPEC),
    )
    return listed(req, q, OPTIN_SPEC, page, mapOptin)
  })

  app.post('/visitors/:visitorId/optins', { schema: { params: VisitorParams, body: OptinBody } }, async (req, reply) => {
    const b = req.body
    const optin = await consent.createOptin(commandContext(req, WF), req.params.visitorId, {
      clientId: b.clientId ?? null,
      sendId: b.sendId ?? null,
      optinChannel: b.optinChannel,
      optinType: b.optinType,
      legalTextId: b.legalTextId ?? null,
      isActive: b.isActive,
      lastOpenedDate: b.lastOpenedDate === undefined ? null : instant(b.lastOpenedDate),
      contextId: b.contextId ?? null,
    })
    return reply.status(201).send(one(mapOptin(optin)))
  })

  app.delete(
    '/visitors/:visitorId/optins',
    { schema: { params: VisitorParams, querystring: Type.Object({ optinType, optinChannel }) } },
    async (req, reply) => {
      await consent.deleteOptins(commandContext(req, WF), req.params.visitorId, req.query.optinType, req.query.optinChannel)
      return reply.status(204).send()
    },
  )

  app.get('/visitors/:visitorId/optins/:optinId', { schema: { params: OptinParams, querystring: Type.Object(fieldsParam) } }, async (req) =>
    single(mapOptin(await consent.getOptin(principalOf(req).accountId, req.params.visitorId, req.params.optinId)), req.query.fields, OPTIN_SPEC),
  )

  app.patch('/visitors/:visitorId/optins/:optinId', { schema: { params: OptinParams, body: OptinPatch } }, async (req) =>
    one(mapOptin(await consent.updateOptin(commandContext(req, WF), req.params.visitorId, req.params.optinId, defined(req.body)))),
  )

  app.post('/visitors/:visitorId/optins/:optinId/disable', { schema: { params: OptinParams } }, async (req) =>
    one(mapOptin(await consent.disableOptin(commandContext(req, WF), req.params.visitorId, req.params.optinId))),
  )

  app.get(
    '/visitors/:visitorId/required-consents',
    { schema: { params: VisitorParams, querystring: Type.Object({ newCenter: Type.Optional(text(40)) }) } },
    async (req) => one((await consent.requiredConsents(principalOf(req).accountId, req.params.visitorId, req.query.newCenter)).map(mapRequired)),
  )
}
