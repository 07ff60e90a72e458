import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { CARD_SPEC, mapCard } from '../mappers/parking.js'
import { CardBody, CardPatch } from '../schemas/parking.js'
import { visitorOwnedRoutes } from '../visitor-owned.js'
import { defined } from './engagement-common.js'

/** A postal code sent as a number or a string is kept as a string. */
const postalCodeOf = (value: string | number | null | undefined): string | null => (value === undefined || value === null ? null : String(value))

/** A visitor's payment cards: the card's token and its visible digits, never the number. */
export const creditCardRoutes: FastifyPluginAsync<{ container: Container }> = async (app, { container: { parking } }) => {
  visitorOwnedRoutes(app, {
    collection: 'credit-cards',
    idParam: 'cardId',
    spec: CARD_SPEC,
    map: mapCard,
    create: {
      body: CardBody,
      run: (ctx, visitorId, b) =>
        parking.createCard(ctx, visitorId, {
          firstName: b.firstName,
          lastName: b.lastName,
          postalCode: postalCodeOf(b.postalCode),
          serviceTypes: b.serviceTypes ?? [],
          year: b.year,
          month: b.month,
          fingerprint: b.fingerprint,
          cardType: b.cardType,
          firstSixDigits: b.firstSixDigits,
          lastFourDigits: b.lastFourDigits,
          paymentMethodToken: b.paymentMethodToken,
        }),
    },
    list: {
      filters: { includeDeleted: Type.Optional(Type.Boolean()) },
      run: (accountId, visitorId, q, list) => parking.listCards(accountId, visitorId, q.includeDeleted, list),
    },
    get: (accountId, visitorId, id) => parking.getCard(accountId, visitorId, id),
    update: {
      body: CardPatch,
      run: (ctx, visitorId, id, { postalCode, ...rest }) =>
        parking.updateCard(ctx, visitorId, id, { ...defined(rest), ...(postalCode === undefined ? {} : { postalCode: postalCodeOf(postalCode) }) }),
    },
    remove: (ctx, visitorId, id) => parking.deleteCard(ctx, visitorId, id),
  })
}
