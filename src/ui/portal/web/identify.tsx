import { useState } from 'preact/hooks'
import type { SessionView } from './api'
import type { Translator } from './i18n'
import { applyKey, type KeyPress, OnScreenKeyboard } from './keyboard'
import { ScanPanel } from './scan-panel'

export interface IdentifyProps {
  readonly t: Translator
  readonly session: SessionView
  readonly method: 'identifier' | 'email'
  readonly busy: boolean
  readonly onMethod: (method: 'identifier' | 'email') => void
  readonly onRegister: () => void
  readonly onIdentify: (input: { identifier: string } | { email: string }) => void
}

export const Identify = ({ t, session, method, busy, onMethod, onRegister, onIdentify }: IdentifyProps) => {
  const { options } = session
  return (
    <div class="panel">
      <h1>{t.t('identify.title')}</h1>
      {method === 'email' ? (
        <EmailForm t={t} keyboard={options.enable_on_screen_keyboard} busy={busy} onSubmit={(email) => onIdentify({ email })} />
      ) : (
        <ScanPanel
          t={t}
          options={options}
          prompt={{ camera: t.t('identify.scan.camera'), hand: t.t('identify.scan.hand') }}
          label={t.t('identify.identifier.label')}
          busy={busy}
          onCode={(identifier) => onIdentify({ identifier })}
        />
      )}
      <div class="actions">
        {options.enable_email_identification && (
          <button type="button" class="button" onClick={() => onMethod(method === 'email' ? 'identifier' : 'email')}>
            {method === 'email' ? t.t('identify.use_card') : t.t('identify.use_email')}
          </button>
        )}
        {options.enable_registration && (
          <button type="button" class="button" data-action="register" onClick={onRegister}>
            {t.t('identify.register')}
          </button>
        )}
      </div>
    </div>
  )
}

/** Fields typed with the system keyboard, or with the on-screen one when the session asks for it. */
const useFields = <K extends string>(initial: Record<K, string>) => {
  const [values, setValues] = useState(initial)
  const [active, setActive] = useState<K>(Object.keys(initial)[0] as K)
  const set = (name: K, value: string) => setValues((current) => ({ ...current, [name]: value }))
  const onKey = (key: KeyPress, submit: () => void) => (key.kind === 'enter' ? submit() : set(active, applyKey(values[active], key)))
  return { values, active, setActive, set, onKey }
}

const EmailForm = ({ t, keyboard, busy, onSubmit }: { t: Translator; keyboard: boolean; busy: boolean; onSubmit: (email: string) => void }) => {
  const fields = useFields({ email: '' })
  const submit = () => fields.values.email.trim() !== '' && onSubmit(fields.values.email.trim())
  return (
    <form
      class="form"
      onSubmit={(event) => {
        event.preventDefault()
        submit()
      }}
    >
      <p class="prompt">{t.t('identify.email.title')}</p>
      <label class="field">
        <span>{t.t('identify.email.label')}</span>
        <input
          name="email"
          type="email"
          autoComplete="off"
          inputMode={keyboard ? 'none' : 'email'}
          value={fields.values.email}
          onInput={(event) => fields.set('email', event.currentTarget.value)}
        />
      </label>
      <button type="submit" class="button button-primary" disabled={busy || fields.values.email.trim() === ''}>
        {t.t('action.ok')}
      </button>
      {keyboard && <OnScreenKeyboard t={t} onKey={(key) => fields.onKey(key, submit)} />}
    </form>
  )
}

export interface RegisterProps {
  readonly t: Translator
  readonly session: SessionView
  readonly busy: boolean
  readonly onBack: () => void
  readonly onSubmit: (input: { email: string; first_name: string }) => void
}

export const Register = ({ t, session, busy, onBack, onSubmit }: RegisterProps) => {
  const keyboard = session.options.enable_on_screen_keyboard
  const fields = useFields({ first_name: '', email: '' })
  const ready = fields.values.email.trim() !== ''
  const submit = () => ready && onSubmit({ email: fields.values.email.trim(), first_name: fields.values.first_name.trim() })
  const field = (name: 'first_name' | 'email', label: string, type: string) => (
    <label class={fields.active === name && keyboard ? 'field field-active' : 'field'}>
      <span>{label}</span>
      <input
        name={name}
        type={type}
        autoComplete="off"
        inputMode={keyboard ? 'none' : type === 'email' ? 'email' : 'text'}
        value={fields.values[name]}
        onFocus={() => fields.setActive(name)}
        onInput={(event) => fields.set(name, event.currentTarget.value)}
      />
    </label>
  )
  return (
    <form
      class="panel form"
      onSubmit={(event) => {
        event.preventDefault()
        submit()
      }}
    >
      <h1>{t.t('register.title')}</h1>
      {field('first_name', t.t('register.first_name'), 'text')}
      {field('email', t.t('register.email'), 'email')}
      <div class="actions">
        <button type="button" class="button" onClick={onBack}>
          {t.t('action.back')}
        </button>
        <button type="submit" class="button button-primary" disabled={busy || !ready}>
          {t.t('register.submit')}
        </button>
      </div>
      {keyboard && <OnScreenKeyboard t={t} onKey={(key) => fields.onKey(key, submit)} />}
    </form>
  )
}
