import { Type } from '@sinclair/typebox'
import { bookmarkSources, bookmarkTypes, externalTypes, platforms } from '../../../domain/visitors/visitor-data.js'
import { freeText, id, nullable, oneOf, pcCode, text, urwAppId, VisitorParams } from '../schemas.js'

/** The bodies and parameters of what a visitor keeps beside the profile. */
export const creatableExternalTypes = ['designa', 'facebook', 'google', 'cognito', 'partner', 'crm_id', 'pas', 'fid', 'wifi_device_id', 'analytics'] as const
export const externalType = oneOf(externalTypes)
export const commaList = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')

export const ExternalIdBody = Type.Object({ externalId: text(), pcCode: Type.Optional(nullable(pcCode)), externalType: oneOf(creatableExternalTypes) })
export const PcCodeQuery = Type.Object({ pcCode: Type.Optional(pcCode) })
export const ExternalTypeParams = Type.Object({ visitorId: VisitorParams.properties.visitorId, externalType })
export const BookmarkBody = Type.Object({
  pcCode,
  externalId: text(),
  label: text(),
  bookmarkType: oneOf(bookmarkTypes),
  source: oneOf(bookmarkSources),
})
export const companyId = Type.Optional(nullable(id))
export const VisitorCenterBody = Type.Object({
  pcCode,
  isTlp: Type.Optional(Type.Boolean()),
  isFavorite: Type.Boolean(),
  isSmartparker: Type.Optional(Type.Boolean()),
  centerCompanyId: companyId,
})
export const VisitorCenterPut = Type.Object({ ...VisitorCenterBody.properties, isFavorite: Type.Optional(Type.Boolean()) })
export const VisitorCenterPatch = Type.Object({
  isTlp: Type.Optional(Type.Boolean()),
  isFavorite: Type.Optional(Type.Boolean()),
  isSmartparker: Type.Optional(Type.Boolean()),
  centerCompanyId: companyId,
})
export const VisitorCenterParams = Type.Object({ visitorId: VisitorParams.properties.visitorId, pcCode })
export const optionalText = Type.Optional(freeText())
export const DeviceBody = Type.Object({
  maker: optionalText,
  model: optionalText,
  osVersion: Type.Optional(Type.String({ maxLength: 64 })),
  token: text(1000),
  locale: optionalText,
  platform: oneOf(platforms),
  timezone: optionalText,
  mobileCarrier: optionalText,
  notificationToken: text(4096),
  urwAppId,
})
export const DeviceParams = Type.Object({ visitorId: VisitorParams.properties.visitorId, deviceId: id })
export const LocaleBody = Type.Object({ localeCode: Type.String({ pattern: '^[A-Za-z]{2,3}([-_][A-Za-z]{2})?$' }) })
export const LocaleParams = Type.Object({ visitorId: VisitorParams.properties.visitorId, localeCode: LocaleBody.properties.localeCode })
export const SessionBody = Type.Object({
  pcCode,
  guid: text(),
  gameId: text(),
  gameName: text(),
  optin: Type.Optional(Type.Boolean()),
  isContest: Type.Optional(Type.Boolean()),
  isWelcomeJourney: Type.Optional(Type.Boolean()),
  isWelcomeOffer: Type.Optional(Type.Boolean()),
  isWifit: Type.Optional(Type.Boolean()),
  isSynchronized: Type.Optional(Type.Boolean()),
})
export const SessionParams = Type.Object({ visitorId: VisitorParams.properties.visitorId, guid: text() })
export const NamedRefs = Type.Array(Type.Object({ id: text(), name: text() }), { minItems: 1, maxItems: 500 })
