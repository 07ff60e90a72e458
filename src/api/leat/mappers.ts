import type { Shop } from '../../domain/contacts/contacts.js'
import type { IdentifierView } from '../../domain/contacts/identifiers.js'
import type { ReceptionContact, ReceptionUnit, ReceptionView } from '../../domain/credit-receptions/credit-receptions.js'
import type { ContactCard } from '../../domain/directory/directory.service.js'
import type { PortalSessionView } from '../../domain/portal-sessions/portal-sessions.js'
import { type Minor, minor } from '../../domain/shared/amounts.js'
import { lastPage, type Page } from '../../domain/shared/page.js'
import { leatDate, leatDateOrNull } from './envelope.js'

/**
 * Leat's shop. Shops are physical stores: web shops are not modelled, so
 * `type` is always `physical`; `reference` is the shop's external id.
 */
export const mapShop = (shop: Shop) => ({
  uuid: shop.uuid,
  name: shop.name,
  type: 'physical' as const,
  reference: shop.externalId,
})

/** The shop as Leat embeds it in other resources (portal sessions, transactions), with its id. */
export const mapShopRef = (shop: Shop) => ({
  id: shop.id,
  uuid: shop.uuid,
  reference: shop.externalId,
  name: shop.name,
})

/** Whole credits of a balance kept in hundredths of a point, rounded down. */
export const toCredits = (balance: Minor): number => Math.floor(balance / 100)

/** Leat's whole credits as the ledger's hundredths of a point. */
export const fromCredits = (credits: number): Minor => minor(credits * 100)

/** A contact as Leat's contacts API shows it, with its credit balance. */
export const mapContact = (card: ContactCard) => ({
  id: card.contact.id,
  uuid: card.contact.uuid,
  email: card.email,
  credit_balance: { id: card.credits.walletId, balance: toCredits(card.credits.balance) },
  prepaid_balance: { balance_in_cents: card.prepaid },
  created_at: leatDate(card.contact.createdAt),
})

/** The contact as Leat embeds it in a transaction. */
export const mapContactRef = (card: ReceptionContact) => ({
  uuid: card.contact.uuid,
  email: card.email,
  credit_balance: { id: card.credits.walletId, balance: toCredits(card.credits.balance) },
})

export const mapIdentifier = (view: IdentifierView) => ({
  name: view.name,
  value: view.value,
  active: view.active,
  contact: view.contact ? { uuid: view.contact.contact.uuid, email: view.contact.email } : null,
})

/** A reception unit: Leat's unit. */
export const mapUnit = (unit: ReceptionUnit) => ({
  id: unit.id,
  name: unit.name,
  label: unit.label,
  prefix: unit.prefix,
  is_default: unit.isDefault,
  credits_per_unit: unit.creditsPerUnit / 100,
})

/** Hundredths as Leat's decimal numbers (`1040` is `10.4`). */
export const toDecimal = (hundredths: number | null): number | null => (hundredths === null ? null : hundredths / 100)

export const mapCreditReception = (view: ReceptionView) => ({
  type: 'credit_reception' as const,
  uuid: view.reception.uuid,
  credits: toCredits(view.reception.amount),
  unit_value: toDecimal(view.reception.quantity),
  created_at: leatDate(view.reception.createdAt),
  contact_identifier: view.reception.identifierValue === null ? null : { value: view.reception.identifierValue },
  contact: mapContactRef(view.contact),
  shop: { ...mapShopRef(view.shop), type: 'physical' as const },
  unit: view.receptionUnit ? mapUnit(view.receptionUnit) : null,
  pos_transaction_uuid: view.reception.posTransactionUuid,
})

/** Leat's pagination block. */
export const pageMeta = (page: Page<unknown>) => {
  const from = page.items.length === 0 ? 0 : (page.page - 1) * page.perPage + 1
  return {
    page: page.page,
    limit: page.perPage,
    viewing_from: from,
    viewing_to: page.items.length === 0 ? 0 : from + page.items.length - 1,
    last_page: page.perPage === 0 ? 1 : lastPage(page),
    total: page.total,
  }
}

export const mapPortalSession = (view: PortalSessionView, baseUrl: string) => {
  const { session } = view
  const o = session.options
  return {
    uuid: session.uuid,
    url: `${baseUrl}/portal-sessions?uuid=${encodeURIComponent(session.uuid)}`,
    type: session.type.replaceAll('_', '-'),
    contact: view.contact ? { uuid: view.contact.uuid } : null,
    shop: mapShopRef(view.shop),
    options: {
      scanner_type: o.scannerType,
      enable_email_identification: o.enableEmailIdentification,
      enable_registration: o.enableRegistration,
      enable_on_screen_keyboard: o.enableOnScreenKeyboard,
      camera_service: o.cameraService,
      facing_mode: o.facingMode,
      primary_identification_method: o.primaryIdentificationMethod,
      ...(o.amountInCents !== undefined ? { amount_in_cents: o.amountInCents } : {}),
      ...(o.allowMultipleGiftcards !== undefined ? { allow_multiple_giftcards: o.allowMultipleGiftcards } : {}),
    },
    events: view.events.map((e) => ({ type: e.type, data: e.data, created_at: leatDate(e.createdAt) })),
    expires_at: leatDate(session.expiresAt),
    finished_at: leatDateOrNull(session.finishedAt),
    created_at: leatDate(session.createdAt),
  }
}
