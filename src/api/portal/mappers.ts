import type { KioskGiftcard, KioskState, KioskVoucher, StepResult } from '../../domain/kiosk/kiosk.service.js'

const iso = (instant: number): string => new Date(instant).toISOString().replace(/\.\d{3}Z$/, '+00:00')

/** Whole points: credits are kept in hundredths. */
const points = (hundredths: number): number => Math.trunc(hundredths / 100)

export const mapState = (state: KioskState) => {
  const { session, shop, contact } = state
  const o = session.options
  return {
    uuid: session.uuid,
    type: session.type,
    status: session.finishedAt === null ? 'open' : 'finished',
    shop: { name: shop.name },
    currency: 'EUR',
    options: {
      scanner_type: o.scannerType,
      enable_email_identification: o.enableEmailIdentification,
      enable_registration: o.enableRegistration,
      enable_on_screen_keyboard: o.enableOnScreenKeyboard,
      camera_service: o.cameraService,
      facing_mode: o.facingMode,
      primary_identification_method: o.primaryIdentificationMethod,
      amount_in_cents: o.amountInCents ?? null,
      allow_multiple_giftcards: o.allowMultipleGiftcards ?? true,
    },
    contact: contact
      ? { uuid: contact.uuid, name: contact.name, email: state.email, points: points(state.points), prepaid_balance_in_cents: state.prepaid }
      : null,
    expires_at: iso(session.expiresAt),
    events: state.events.map((e) => ({ type: e.type, data: e.data, created_at: iso(e.createdAt) })),
  }
}

export const mapGiftcard = (card: KioskGiftcard) => ({ hash: card.hash, balance_in_cents: card.balance })

export const mapVoucher = (voucher: KioskVoucher) => ({
  code: voucher.code,
  name: voucher.name,
  description: voucher.description,
  expires_at: voucher.expiresAt === null ? null : iso(voucher.expiresAt),
})

export const mapStep = (result: StepResult) => ({
  session: mapState(result.state),
  ...(result.giftcard ? { giftcard: mapGiftcard(result.giftcard) } : {}),
  ...(result.amount !== undefined ? { amount_in_cents: result.amount } : {}),
  ...(result.remaining !== undefined ? { remaining_in_cents: result.remaining } : {}),
  ...(result.points !== undefined ? { points: points(result.points) } : {}),
  ...(result.voucher ? { voucher: mapVoucher(result.voucher) } : {}),
})
