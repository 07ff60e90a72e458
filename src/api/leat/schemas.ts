import { Type } from '@sinclair/typebox'
import { fromDecimal } from '../../domain/shared/amounts.js'
import { LeatInputError } from './errors.js'

/** A required, non-empty text field. */
export const text = (maxLength = 255) => Type.String({ minLength: 1, maxLength })

/** A UUID as Leat shows them; any non-empty token up to 64 characters is accepted and looked up. */
export const uuid = Type.String({ minLength: 1, maxLength: 64 })

/** A boolean as JSON (`true`) or as a form field (`1`, `0`, `yes`, `no`), normalised before validation. */
export const flag = Type.Boolean()

export const ShopParams = Type.Object({ shop_uuid: uuid })

/**
 * A decimal with at most two decimals as hundredths (`10.40` is `1040`).
 * @throws LeatInputError naming `field` for more decimals
 */
export const hundredths = (value: number, field: string): number => {
  const scaled = fromDecimal(value)
  if (scaled === null) throw new LeatInputError(field, 'must have at most two decimals')
  return scaled
}
