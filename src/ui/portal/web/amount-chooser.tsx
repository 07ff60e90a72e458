import { useState } from 'preact/hooks'
import type { Translator } from './i18n'
import { applyKey, OnScreenKeyboard } from './keyboard'

/** "12,50" or "12.50" as cents; null when it is not a positive amount with at most two decimals. */
export const parseCents = (text: string): number | null => {
  const match = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(text.trim())
  if (!match) return null
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'))
  return cents > 0 ? cents : null
}

interface AmountChooserProps {
  readonly t: Translator
  readonly currency: string
  readonly busy: boolean
  readonly keyboard: boolean
  /** Amounts offered as buttons; the customer can always type another. */
  readonly presets: readonly number[]
  readonly prompt: string
  readonly onChoose: (cents: number) => void
}

export const AmountChooser = ({ t, currency, busy, keyboard, presets, prompt, onChoose }: AmountChooserProps) => {
  const [text, setText] = useState('')
  const cents = parseCents(text)
  return (
    <div class="amounts">
      <p class="prompt">{prompt}</p>
      {presets.length > 0 && (
        <div class="amount-grid">
          {presets.map((preset) => (
            <button type="button" class="button" key={preset} data-amount={preset} disabled={busy} onClick={() => onChoose(preset)}>
              {t.money(preset, currency)}
            </button>
          ))}
        </div>
      )}
      <form
        class="manual"
        onSubmit={(event) => {
          event.preventDefault()
          if (cents !== null) onChoose(cents)
        }}
      >
        <label class="field">
          <span>{t.t('amount.other')}</span>
          <input
            name="amount"
            autoComplete="off"
            inputMode={keyboard ? 'none' : 'decimal'}
            value={text}
            onInput={(event) => setText(event.currentTarget.value)}
          />
        </label>
        <button type="submit" class="button button-primary" disabled={busy || cents === null}>
          {cents === null ? t.t('action.confirm') : t.money(cents, currency)}
        </button>
      </form>
      {keyboard && <OnScreenKeyboard t={t} onKey={(key) => (key.kind === 'enter' ? cents !== null && onChoose(cents) : setText(applyKey(text, key)))} />}
    </div>
  )
}
