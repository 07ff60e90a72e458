import type { Center, CenterCompany } from '../../domain/centers/centers.js'
import type { Checkin } from '../../domain/checkins/checkins.js'
import type { ServiceSegment, ServiceShop, ServiceTarget, ServiceTargetLink, ServiceTheme, ServiceThemeLink, ServiceView } from '../../domain/offers/offers.js'
import type { Linked } from '../../domain/offers/offers.service.js'
import type { Instant } from '../../domain/shared/clock.js'
import {
  type Bookmark,
  type CenterOperationSession,
  type Device,
  type DeviceApp,
  type ExternalId,
  localeLabel,
  type VisitorCenter,
  type VisitorLocale,
} from '../../domain/visitors/visitor-data.js'
import { type Visitor, visitorSortFields } from '../../domain/visitors/visitors.js'
import { listSpec } from './list.js'

/** Instants as ISO 8601 in UTC, milliseconds only when there are some (`2019-08-24T14:15:22Z`). */
export const iso = (at: Instant): string => new Date(at).toISOString().replace(/\.000Z$/, 'Z')
export const isoOrNull = (at: Instant | null): string | null => (at === null ? null : iso(at))
/** A date-time the client sent, as an instant. */
export const instant = (value: string): Instant => Date.parse(value)
export const instantOrNull = (value: string | null | undefined): Instant | null | undefined =>
  value === undefined ? undefined : value === null ? null : Date.parse(value)

export const mapVisitor = (v: Visitor) => ({
  visitorId: v.visitorId,
  email: v.email,
  firstName: v.firstName,
  lastName: v.lastName,
  gender: v.gender,
  phone: v.phone,
  mobileLocale: v.mobileLocale,
  timezone: v.timezone,
  countryCode: v.countryCode,
  acquisitionPcCode: v.acquisitionPcCode,
  upgradePcCode: v.upgradePcCode,
  accountType: v.accountType,
  originType: v.originType,
  origin: v.origin,
  barcode: v.barcode,
  addressStreet: v.addressStreet,
  addressCity: v.addressCity,
  addressState: v.addressState,
  addressZipCode: v.addressZipCode,
  billingAddress: v.billingAddress,
  billingAddress2: v.billingAddress2,
  billingZipCode: v.billingZipCode,
  billingCity: v.billingCity,
  billingCountryCode: v.billingCountryCode,
  emailVerified: v.emailVerified,
  emailInvalid: v.emailInvalid,
  phoneVerified: v.phoneVerified,
  phoneInvalid: v.phoneInvalid,
  birthDay: v.birthDay,
  birthMonth: v.birthMonth,
  birthYear: v.birthYear,
  lastVisitDate: isoOrNull(v.lastVisitDate),
  registrationDate: iso(v.registrationDate),
  creationDate: iso(v.createdAt),
  updateDate: iso(v.updatedAt),
})
export type WireVisitor = ReturnType<typeof mapVisitor>

export const VISITOR_SPEC = listSpec(visitorSortFields)

const dates = (r: { createdAt: Instant; updatedAt: Instant }) => ({ creationDate: iso(r.createdAt), updateDate: iso(r.updatedAt) })

export const mapExternalId = (x: ExternalId) => ({
  externalId: x.externalId,
  visitorId: x.visitorId,
  externalType: x.externalType,
  pcCode: x.pcCode,
  ...dates(x),
})
export const EXTERNAL_ID_SPEC = listSpec(['externalId', 'visitorId', 'externalType', 'pcCode', 'creationDate', 'updateDate'])

export const mapBookmark = (b: Bookmark) => ({
  bookmarkId: b.id,
  visitorId: b.visitorId,
  pcCode: b.pcCode,
  externalId: b.externalId,
  label: b.label,
  bookmarkType: b.bookmarkType,
  source: b.source,
  ...dates(b),
})
export const BOOKMARK_SPEC = listSpec(['bookmarkId', 'visitorId', 'pcCode', 'externalId', 'label', 'bookmarkType', 'source', 'creationDate', 'updateDate'])

export const mapVisitorCenter = (c: VisitorCenter) => ({
  visitorCenterId: c.id,
  visitorId: c.visitorId,
  pcCode: c.pcCode,
  favoriteDate: isoOrNull(c.favoriteDate),
  isTlp: c.isTlp,
  isFavorite: c.isFavorite,
  isSmartparker: c.isSmartparker,
  centerCompanyId: c.centerCompanyId,
  ...dates(c),
})
export const VISITOR_CENTER_SPEC = listSpec([
  'visitorCenterId',
  'visitorId',
  'pcCode',
  'favoriteDate',
  'isTlp',
  'isFavorite',
  'isSmartparker',
  'centerCompanyId',
  'creationDate',
  'updateDate',
])

export const mapDevice = (d: Device) => ({
  deviceId: d.id,
  visitorId: d.visitorId,
  maker: d.maker,
  model: d.model,
  osVersion: d.osVersion,
  token: d.token,
  locale: d.locale,
  platform: d.platform,
  timezone: d.timezone,
  mobileCarrier: d.mobileCarrier,
  notificationToken: d.notificationToken,
  ...dates(d),
})
export const DEVICE_SPEC = listSpec([
  'deviceId',
  'visitorId',
  'maker',
  'model',
  'osVersion',
  'token',
  'locale',
  'platform',
  'timezone',
  'mobileCarrier',
  'notificationToken',
  'creationDate',
  'updateDate',
])

export const mapApp = (a: DeviceApp) => ({ appId: a.id, deviceId: a.deviceId, urwAppId: a.urwAppId, notificationToken: a.notificationToken, ...dates(a) })
export const APP_SPEC = listSpec(['appId', 'deviceId', 'urwAppId', 'notificationToken', 'creationDate', 'updateDate'])

export const mapVisitorLocale = (l: VisitorLocale) => ({
  localeCode: l.localeCode,
  localeLabel: localeLabel(l.localeCode),
  visitorId: l.visitorId,
  creationDate: iso(l.createdAt),
})
export const VISITOR_LOCALE_SPEC = listSpec(['localeCode', 'localeLabel', 'visitorId', 'creationDate'], ['localeLabel'])
export const LOCALE_SPEC = listSpec(['localeCode', 'localeLabel'])

export const mapSession = (s: CenterOperationSession) => ({
  visitorId: s.visitorId,
  pcCode: s.pcCode,
  guid: s.guid,
  gameId: s.gameId,
  gameName: s.gameName,
  optin: s.optin,
  isContest: s.isContest,
  isWelcomeJourney: s.isWelcomeJourney,
  isWelcomeOffer: s.isWelcomeOffer,
  isWifit: s.isWifit,
  isSynchronized: s.isSynchronized,
  segments: s.segments,
  stores: s.stores,
  ...dates(s),
})
export const SESSION_SPEC = listSpec(
  [
    'visitorId',
    'pcCode',
    'guid',
    'gameId',
    'gameName',
    'optin',
    'isContest',
    'isWelcomeJourney',
    'isWelcomeOffer',
    'isWifit',
    'isSynchronized',
    'segments',
    'stores',
    'creationDate',
    'updateDate',
  ],
  ['segments', 'stores'],
)

export const mapCenter = (c: Center) => ({
  pcCode: c.pcCode,
  label: c.label,
  country: c.country,
  isWestfield: c.isWestfield,
  centerId: c.centerId,
  centerCode: c.centerCode,
  hasWorker: c.hasWorker,
  hasMultiStep: c.hasMultiStep,
  isActive: c.isActive,
  hasEmailValidation: c.hasEmailValidation,
  loyaltyStartDate: isoOrNull(c.loyaltyStartDate),
  hasBasicLoyalty: c.hasBasicLoyalty,
  parkingPartner: c.parkingPartner,
  walletContextId: c.walletContextId,
  urwAppId: c.urwAppId,
  hasRegistration: c.hasRegistration,
  hasLoyalty: c.hasLoyalty,
  ...dates(c),
})
export const CENTER_SPEC = listSpec([
  'pcCode',
  'label',
  'country',
  'isWestfield',
  'centerId',
  'centerCode',
  'hasWorker',
  'hasMultiStep',
  'isActive',
  'hasEmailValidation',
  'loyaltyStartDate',
  'hasBasicLoyalty',
  'parkingPartner',
  'walletContextId',
  'urwAppId',
  'hasRegistration',
  'hasLoyalty',
  'creationDate',
  'updateDate',
])

export const mapCompany = (c: CenterCompany) => ({ centerCompanyId: c.id, pcCode: c.pcCode, companyName: c.companyName, ...dates(c) })
export const COMPANY_SPEC = listSpec(['centerCompanyId', 'pcCode', 'companyName', 'creationDate', 'updateDate'])

export const mapServiceShop = (s: ServiceShop) => ({ serviceStoreId: s.id, serviceId: s.serviceId, storeId: s.storeId, storeName: s.storeName, ...dates(s) })
export const SERVICE_STORE_SPEC = listSpec(['serviceStoreId', 'serviceId', 'storeId', 'storeName', 'creationDate', 'updateDate'])
export const mapServiceSegment = (s: ServiceSegment) => ({
  serviceSegmentId: s.id,
  serviceId: s.serviceId,
  segmentId: s.segmentId,
  segmentName: s.segmentName,
  ...dates(s),
})
export const SERVICE_SEGMENT_SPEC = listSpec(['serviceSegmentId', 'serviceId', 'segmentId', 'segmentName', 'creationDate', 'updateDate'])
export const mapTheme = (t: ServiceTheme) => ({ serviceThemeId: t.id, category: t.category, value: t.value, deprecated: t.deprecated, ...dates(t) })
export const THEME_SPEC = listSpec(['serviceThemeId', 'category', 'value', 'deprecated', 'creationDate', 'updateDate'])
export const mapTarget = (t: ServiceTarget) => ({ serviceTargetId: t.id, value: t.value, ...dates(t) })
export const TARGET_SPEC = listSpec(['serviceTargetId', 'value', 'creationDate', 'updateDate'])
export const mapThemeLink = ({ link, entry }: Linked<ServiceThemeLink, ServiceTheme>) => ({
  serviceServiceThemeId: link.id,
  serviceId: link.serviceId,
  serviceThemeId: link.serviceThemeId,
  ...dates(link),
  serviceTheme: mapTheme(entry),
})
export const THEME_LINK_SPEC = listSpec(
  ['serviceServiceThemeId', 'serviceId', 'serviceThemeId', 'creationDate', 'updateDate', 'serviceTheme'],
  ['serviceTheme'],
)
export const mapTargetLink = ({ link, entry }: Linked<ServiceTargetLink, ServiceTarget>) => ({
  serviceServiceTargetId: link.id,
  serviceTargetId: link.serviceTargetId,
  serviceId: link.serviceId,
  ...dates(link),
  serviceTarget: mapTarget(entry),
})
export const TARGET_LINK_SPEC = listSpec(
  ['serviceServiceTargetId', 'serviceTargetId', 'serviceId', 'creationDate', 'updateDate', 'serviceTarget'],
  ['serviceTarget'],
)

export const mapService = (v: ServiceView) => ({
  serviceId: v.service.id,
  isPremium: v.service.isPremium,
  name: v.service.name,
  category: v.service.category,
  colorCode: v.service.colorCode,
  useRate: v.service.useRate,
  daysOfUse: v.service.daysOfUse,
  startDate: isoOrNull(v.service.startDate),
  endDate: isoOrNull(v.service.endDate),
  undeletable: v.service.undeletable,
  pcCode: v.service.pcCode,
  ...dates(v.service),
  stores: v.stores.map(mapServiceShop),
  targets: v.targets.map(mapTarget),
  themes: v.themes.map(mapTheme),
  segments: v.segments.map(mapServiceSegment),
  checkinCount: v.checkinCount,
})
export const SERVICE_SPEC = listSpec(
  [
    'serviceId',
    'isPremium',
    'name',
    'category',
    'colorCode',
    'useRate',
    'daysOfUse',
    'startDate',
    'endDate',
    'undeletable',
    'pcCode',
    'creationDate',
    'updateDate',
    'stores',
    'targets',
    'themes',
    'segments',
    'checkinCount',
  ],
  ['daysOfUse', 'stores', 'targets', 'themes', 'segments', 'checkinCount'],
)

export const mapCheckin = (c: Checkin) => ({ checkinId: c.id, visitorId: c.visitorId, pcCode: c.pcCode, serviceId: c.serviceId, origin: c.origin, ...dates(c) })
export const CHECKIN_SPEC = listSpec(['checkinId', 'visitorId', 'pcCode', 'serviceId', 'origin', 'creationDate', 'updateDate'])
