import { useState } from 'preact/hooks'
import type { Translator } from './i18n'

export type KeyPress = { readonly kind: 'char'; readonly char: string } | { readonly kind: 'backspace' } | { readonly kind: 'enter' }

const rows = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '@.-_+'] as const

/** A keyboard drawn on the screen, for kiosks whose system keyboard must stay hidden. */
export const OnScreenKeyboard = ({ t, onKey }: { t: Translator; onKey: (key: KeyPress) => void }) => {
  const [shift, setShift] = useState(false)
  const press = (char: string) => {
    onKey({ kind: 'char', char: shift ? char.toUpperCase() : char })
    if (shift) setShift(false)
  }
  return (
    <fieldset class="keyboard" aria-label={t.t('keyboard.label')}>
      {rows.map((row) => (
        <div class="keyboard-row" key={row}>
          {[...row].map((char) => {
            const label = shift ? char.toUpperCase() : char
            return (
              <button type="button" class="key" key={char} data-key={char} aria-label={label} onClick={() => press(char)}>
                {label}
              </button>
            )
          })}
        </div>
      ))}
      <div class="keyboard-row">
        <button type="button" class={shift ? 'key key-wide key-on' : 'key key-wide'} data-key="shift" aria-pressed={shift} onClick={() => setShift(!shift)}>
          {t.t('keyboard.shift')}
        </button>
        <button type="button" class="key key-space" data-key="space" onClick={() => press(' ')}>
          {t.t('keyboard.space')}
        </button>
        <button type="button" class="key key-wide" data-key="backspace" onClick={() => onKey({ kind: 'backspace' })}>
          {t.t('keyboard.backspace')}
        </button>
        <button type="button" class="key key-wide key-enter" data-key="enter" onClick={() => onKey({ kind: 'enter' })}>
          {t.t('keyboard.enter')}
        </button>
      </div>
    </fieldset>
  )
}

/** Applies a key press to a field's value. */
export const applyKey = (value: string, key: KeyPress): string => {
  if (key.kind === 'char') return value + key.char
  if (key.kind === 'backspace') return value.slice(0, -1)
  return value
}
