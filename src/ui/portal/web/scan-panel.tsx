import { useEffect, useRef, useState } from 'preact/hooks'
import type { SessionOptions } from './api'
import type { Translator } from './i18n'
import { applyKey, type KeyPress, OnScreenKeyboard } from './keyboard'
import { type CameraScan, type DecoderName, startCameraScan } from './scanner'

interface ScanPanelProps {
  readonly t: Translator
  readonly options: SessionOptions
  /** What to scan, per scanner type. */
  readonly prompt: { readonly camera: string; readonly hand: string }
  /** Label of the field to type the code by hand. */
  readonly label: string
  readonly busy: boolean
  readonly onCode: (code: string) => void
}

const isEditable = (target: EventTarget | null): boolean =>
  target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || (target instanceof HTMLElement && target.isContentEditable)

/**
 * Reads a code from the session's scanner: the camera, or a hand scanner that
 * types the code followed by Enter (keyboard wedge). A typed code is always
 * accepted too, from the system keyboard or the on-screen one.
 */
export const ScanPanel = ({ t, options, prompt, label, busy, onCode }: ScanPanelProps) => {
  const [value, setValue] = useState('')
  const [cameraFailed, setCameraFailed] = useState(false)
  const [decoder, setDecoder] = useState<DecoderName | null>(null)
  const video = useRef<HTMLVideoElement>(null)
  const input = useRef<HTMLInputElement>(null)
  const onCodeRef = useRef(onCode)
  onCodeRef.current = onCode
  const busyRef = useRef(busy)
  busyRef.current = busy
  const valueRef = useRef(value)
  valueRef.current = value

  const submit = (code: string) => {
    const trimmed = code.trim()
    if (trimmed === '' || busyRef.current) return
    valueRef.current = ''
    setValue('')
    onCodeRef.current(trimmed)
  }

  useEffect(() => {
    if (options.scanner_type !== 'camera' || !video.current) return
    let scan: CameraScan | null = null
    let cancelled = false
    startCameraScan(video.current, {
      service: options.camera_service,
      facingMode: options.facing_mode,
      onCode: (code) => submit(code),
      onDecoder: setDecoder,
    }).then(
      (started) => {
        if (cancelled) started.stop()
        else scan = started
      },
      () => setCameraFailed(true),
    )
    return () => {
      cancelled = true
      scan?.stop()
    }
  }, [options.scanner_type, options.camera_service, options.facing_mode])

  // A hand scanner types wherever the focus is: keys that reach the page outside a field go to this one.
  useEffect(() => {
    if (options.scanner_type !== 'hand_scanner') return
    input.current?.focus()
    const onKeyDown = (event: KeyboardEvent) => {
      if (isEditable(event.target) || event.ctrlKey || event.metaKey || event.altKey) return
      if (event.key === 'Enter') {
        event.preventDefault()
        submit(valueRef.current)
      } else if (event.key.length === 1) {
        event.preventDefault()
        // Scanners type faster than the page renders: keep the code in the ref as it arrives.
        valueRef.current += event.key
        setValue(valueRef.current)
      }
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [options.scanner_type])

  const onKey = (key: KeyPress) => (key.kind === 'enter' ? submit(value) : setValue(applyKey(value, key)))

  return (
    <div class="scan" data-scanner={options.scanner_type}>
      {options.scanner_type === 'camera' ? (
        <div class="camera">
          <video ref={video} class="camera-video" data-decoder={decoder ?? ''} muted playsInline />
          <div class="camera-frame" aria-hidden="true" />
          <p class="prompt">{cameraFailed ? t.t('error.camera.unavailable') : prompt.camera}</p>
        </div>
      ) : (
        <p class="prompt prompt-hand">
          <svg class="scanner-icon" viewBox="0 0 64 40" aria-hidden="true">
            {[0, 6, 10, 18, 22, 26, 34, 40, 44, 52, 58].map((x, i) => (
              <rect key={x} x={x + 2} y="2" width={i % 3 === 0 ? 4 : 2} height="36" />
            ))}
          </svg>
          {prompt.hand}
        </p>
      )}
      <form
        class="manual"
        onSubmit={(event) => {
          event.preventDefault()
          submit(value)
        }}
      >
        <label class="field">
          <span>{label}</span>
          <input
            ref={input}
            name="code"
            value={value}
            autoComplete="off"
            autoCapitalize="off"
            spellcheck={false}
            inputMode={options.enable_on_screen_keyboard ? 'none' : 'text'}
            onInput={(event) => setValue(event.currentTarget.value)}
            disabled={busy}
          />
        </label>
        <button type="submit" class="button button-primary" disabled={busy || value.trim() === ''}>
          {t.t('action.ok')}
        </button>
      </form>
      {options.enable_on_screen_keyboard && <OnScreenKeyboard t={t} onKey={onKey} />}
    </div>
  )
}
