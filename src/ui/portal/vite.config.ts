import { defineConfig } from 'vite'
import { portalDistDir, portalSourceDir } from './paths.js'

/** The kiosk page: Preact, one small entry chunk, the barcode decoder loaded only when the camera is used. */
export const portalViteConfig = defineConfig({
  root: portalSourceDir,
  base: '/portal-sessions/assets/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
  build: {
    outDir: portalDistDir,
    emptyOutDir: true,
    assetsDir: '.',
    target: 'es2020',
    // The decoder's WebAssembly must be a file of its own, never inlined.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
})
