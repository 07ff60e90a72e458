import { fileURLToPath } from 'node:url'

/** Where `npm run build:portal` writes the kiosk page and the server reads it from. */
export const portalDistDir = fileURLToPath(new URL('../../../dist/portal', import.meta.url))

/** The page's sources. */
export const portalSourceDir = fileURLToPath(new URL('./web', import.meta.url))
