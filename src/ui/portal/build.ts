import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { portalDistDir, portalSourceDir } from './paths.js'
import { portalViteConfig } from './vite.config.js'

const newestChange = (dir: string): number =>
  readdirSync(dir).reduce((latest, name) => {
    const path = join(dir, name)
    const stat = statSync(path)
    return Math.max(latest, stat.isDirectory() ? newestChange(path) : stat.mtimeMs)
  }, 0)

/** Builds the kiosk page into `dist/portal`. */
export const buildPortal = async (): Promise<void> => {
  await build({ ...portalViteConfig, configFile: false })
}

/** Builds the kiosk page unless the bundle on disk is newer than every source file. */
export const ensurePortalBuilt = async (): Promise<void> => {
  const index = join(portalDistDir, 'index.html')
  if (existsSync(index) && statSync(index).mtimeMs > newestChange(portalSourceDir)) return
  await buildPortal()
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildPortal()
