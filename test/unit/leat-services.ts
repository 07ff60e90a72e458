import type { Contact, Shop } from '../../src/domain/contacts/contacts.js'
import { CARD } from '../../src/domain/contacts/identifiers.js'
import { createCreditReceptionService } from '../../src/domain/credit-receptions/credit-receptions.service.js'
import { createGiftcardService } from '../../src/domain/giftcards/giftcards.service.js'
import { createKioskService } from '../../src/domain/kiosk/kiosk.service.js'
import { walletLedger } from '../../src/domain/ledger/wallets.js'
import { createPortalSessionService } from '../../src/domain/portal-sessions/portal-sessions.service.js'
import { createPrepaidService } from '../../src/domain/prepaid/prepaid.service.js'
import type { CommandContext } from '../../src/domain/shared/command.js'
import { createVoucherService } from '../../src/domain/vouchers/vouchers.service.js'
import { type DomainFixture, domainFixture } from '../support/domain.js'

/**
 * The Leat side's services over a fresh embedded database, wired as the
 * container wires them, with one account (and its points unit), one shop,
 * and contacts made on demand: for quick tests of their rules without HTTP.
 */
export const leatServices = async () => {
  const fixture: DomainFixture = await domainFixture()
  const { uow, clock } = fixture
  const giftcards = createGiftcardService({ uow, clock, ledger: walletLedger })
  const prepaid = createPrepaidService({ uow, clock, ledger: walletLedger })
  const vouchers = createVoucherService({ uow, clock })
  const portalSessions = createPortalSessionService({ uow, clock, ttlSeconds: 600 })
  const kiosk = createKioskService({ uow, clock, portalSessions, giftcards, prepaid, vouchers })
  const creditReceptions = createCreditReceptionService({ uow, clock, ledger: walletLedger, creditsPerUnit: 100 })

  const { accountId, shop } = await uow.run(async (tx) => {
    const now = clock.now()
    const account = await tx.accounts.create({ name: 'Krusty Krab', timeZone: 'UTC', now })
    await tx.units.create({ accountId: account.id, name: 'POINTS', sign: 'PTS', lifetimeDays: 365, now })
    const shop: Shop = await tx.shops.create({ accountId: account.id, externalId: 'KK-1', name: 'Krusty Krab', now })
    return { accountId: account.id, shop }
  })
  const ctx: CommandContext = { accountId, channel: 'pos' }
  let contacts = 0

  /** A contact with an email and a card. */
  const newContact = (): Promise<Contact & { card: string }> =>
    uow.run(async (tx) => {
      const now = clock.now()
      contacts++
      const contact = await tx.contacts.create({ accountId, name: null, data: {}, channel: 'pos', registeredShopId: null, referredById: null, now })
      await tx.contacts.addIdentifier({ accountId, contactId: contact.id, kind: 'email', value: `member-${contacts}@example.com`, now })
      await tx.contacts.addIdentifier({ accountId, contactId: contact.id, kind: CARD, value: `CARD-${contacts}`, now })
      return { ...contact, card: `CARD-${contacts}` }
    })

  return { ...fixture, ctx, accountId, shop, newContact, giftcards, prepaid, vouchers, portalSessions, kiosk, creditReceptions }
}

export type LeatServices = Awaited<ReturnType<typeof leatServices>>
