import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
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

/**
 * Builds the kiosk page into `dist/portal`. The bundle is built beside it and
 * moved into place whole, so two builds at once (parallel test files) never
 * leave a half-written one.
 */
export const buildPortal = async (): Promise<void> => {
  const staging = `${portalDistDir}.${process.pid}`
  await build({ ...portalViteConfig, configFile: false, build: { ...portalViteConfig.build, outDir: staging } })
  rmSync(portalDistDir, { recursive: true, force: true })
  try {
    renameSync(staging, portalDistDir)
  } catch {
    // Another build moved its bundle in first: it is the same one.
    rmSync(staging, { recursive: true, force: true })
  }
}

/** Builds the kiosk page unless the bundle on disk is newer than every source file. */
export const ensurePortalBuilt = async (): Promise<void> => {
  const index = join(portalDistDir, 'index.html')
  if (existsSync(index) && statSync(index).mtimeMs > newestChange(portalSourceDir)) return
  await buildPortal()
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildPortal()
