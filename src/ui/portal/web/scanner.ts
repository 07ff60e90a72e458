/**
 * Camera scanning. A session's `camera_service` picks the decoder:
 *
 * - 1: the browser's own Shape Detection API (`BarcodeDetector`), as on
 *   Android and ChromeOS; where the browser has none, ZXing takes over.
 * - 2: ZXing-C++ compiled to WebAssembly (`zxing-wasm`), the same decoder on
 *   every browser.
 * - 3 (the default): the browser's detector when it reads QR codes, ZXing
 *   otherwise.
 *
 * The decoder is loaded only when a camera scan starts, so a session with a
 * hand scanner never downloads it.
 */

export type CameraService = 1 | 2 | 3
export type FacingMode = 'user' | 'environment'
export type DecoderName = 'native' | 'zxing'

/** Reads the codes in one video frame. */
export interface Decoder {
  readonly name: DecoderName
  decode(video: HTMLVideoElement): Promise<string | null>
}

interface DetectedBarcode {
  readonly rawValue: string
}
interface BarcodeDetectorInstance {
  detect(source: CanvasImageSource): Promise<DetectedBarcode[]>
}
interface BarcodeDetectorClass {
  new (options?: { formats?: string[] }): BarcodeDetectorInstance
  getSupportedFormats(): Promise<string[]>
}

const nativeFormats = ['qr_code', 'code_128', 'code_39', 'ean_13', 'ean_8', 'upc_a', 'itf', 'data_matrix', 'aztec', 'pdf417']
const zxingFormats = ['QRCode', 'Code128', 'Code39', 'EAN13', 'EAN8', 'UPCA', 'ITF', 'DataMatrix', 'Aztec', 'PDF417'] as const

const nativeDetectorClass = (): BarcodeDetectorClass | null => {
  const candidate: unknown = Reflect.get(globalThis, 'BarcodeDetector')
  return typeof candidate === 'function' ? (candidate as BarcodeDetectorClass) : null
}

const nativeDecoder = async (): Promise<Decoder | null> => {
  const Detector = nativeDetectorClass()
  if (!Detector) return null
  const supported = await Detector.getSupportedFormats().catch(() => [] as string[])
  const formats = nativeFormats.filter((f) => supported.includes(f))
  if (!formats.includes('qr_code')) return null
  const detector = new Detector({ formats })
  return {
    name: 'native',
    decode: async (video) => {
      const [first] = await detector.detect(video)
      return first?.rawValue ?? null
    },
  }
}

const zxingDecoder = async (): Promise<Decoder> => {
  const [{ prepareZXingModule, readBarcodes }, { default: wasmUrl }] = await Promise.all([
    import('zxing-wasm/reader'),
    import('zxing-wasm/reader/zxing_reader.wasm?url'),
  ])
  // Served by this server next to the page, never from a CDN.
  prepareZXingModule({ overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) } })
  const canvas = document.createElement('canvas')
  const context = canvas.getContext('2d', { willReadFrequently: true })
  if (!context) throw new Error('no 2d canvas')
  return {
    name: 'zxing',
    decode: async (video) => {
      if (video.videoWidth === 0) return null
      canvas.width = video.videoWidth
      canvas.height = video.videoHeight
      context.drawImage(video, 0, 0)
      const frame = context.getImageData(0, 0, canvas.width, canvas.height)
      const results = await readBarcodes(frame, { formats: [...zxingFormats], maxNumberOfSymbols: 1, tryHarder: true })
      const found = results.find((r) => r.isValid && r.text !== '')
      return found?.text ?? null
    },
  }
}

/** The decoder a session's `camera_service` asks for, falling back to ZXing where the browser lacks its own. */
export const decoderFor = async (service: CameraService): Promise<Decoder> => {
  if (service === 2) return zxingDecoder()
  return (await nativeDecoder()) ?? zxingDecoder()
}

export interface CameraScan {
  stop(): void
}

/**
 * Opens the camera facing `facingMode` in `video` and calls `onCode` with
 * each code read (the same code is not reported twice in a row within two
 * seconds). The camera stays on until `stop()`.
 */
export const startCameraScan = async (
  video: HTMLVideoElement,
  options: { service: CameraService; facingMode: FacingMode; onCode: (code: string) => void; onDecoder?: (name: DecoderName) => void },
): Promise<CameraScan> => {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: options.facingMode } }, audio: false })
  let stopped = false
  const stop = () => {
    stopped = true
    for (const track of stream.getTracks()) track.stop()
    video.srcObject = null
  }
  try {
    video.srcObject = stream
    video.muted = true
    video.playsInline = true
    await video.play()
    const decoder = await decoderFor(options.service)
    options.onDecoder?.(decoder.name)
    let last = { code: '', at: 0 }
    const tick = async () => {
      if (stopped) return
      const code = await decoder.decode(video).catch(() => null)
      if (stopped) return
      const now = Date.now()
      if (code && (code !== last.code || now - last.at > 2000)) {
        last = { code, at: now }
        options.onCode(code)
      }
      window.setTimeout(() => void tick(), 120)
    }
    void tick()
  } catch (error) {
    stop()
    throw error
  }
  return { stop }
}
