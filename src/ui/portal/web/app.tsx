import { useEffect, useState } from 'preact/hooks'
import { type GiftcardView, type KioskApi, KioskError, type SessionView, type StepResult, type VoucherView } from './api'
import type { MessageKey, Translator } from './i18n'
import { applyKey, type KeyPress, OnScreenKeyboard } from './keyboard'
import { ScanPanel } from './scan-panel'

type Screen =
  | { readonly name: 'loading' }
  /** The session cannot be used at all: expired, finished or unknown. */
  | { readonly name: 'fatal'; readonly code: string }
  | { readonly name: 'identify'; readonly method: 'identifier' | 'email' }
  | { readonly name: 'register' }
  | { readonly name: 'step' }
  /** A step failed in a way the customer can fix: shown full screen, with a way back. */
  | { readonly name: 'problem'; readonly code: string; readonly back: Screen }
  | { readonly name: 'result'; readonly result: StepResult }
  | { readonly name: 'finished' }

const fatalCodes = new Set(['portal_session.expired', 'portal_session.finished', 'portal_session.not_found'])

/** Session types whose step acts on a contact, so the customer identifies first. */
const needsContact = (session: SessionView) => session.type !== 'redeem_giftcards' && session.type !== 'top_up_giftcards'

const firstScreen = (session: SessionView): Screen => {
  if (session.status === 'finished') return { name: 'fatal', code: 'portal_session.finished' }
  if (session.contact || !needsContact(session)) return { name: 'step' }
  const email = session.options.enable_email_identification && session.options.primary_identification_method === 'email'
  return { name: 'identify', method: email ? 'email' : 'identifier' }
}

const codeOf = (error: unknown): string => {
  if (!(error instanceof KioskError)) return 'unknown'
  // An unknown email deserves its own words, not those of an unknown card.
  return error.code === 'contact.not_found' && error.field === 'email' ? 'contact.email_not_found' : error.code
}

export const App = ({ api, t }: { api: KioskApi; t: Translator }) => {
  const [session, setSession] = useState<SessionView | null>(null)
  const [screen, setScreen] = useState<Screen>({ name: 'loading' })
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    api.session().then(
      (view) => {
        setSession(view)
        setScreen(firstScreen(view))
      },
      (error: unknown) => setScreen({ name: 'fatal', code: codeOf(error) }),
    )
  }, [api])

  /** A failed step becomes the error screen it deserves. */
  const fail = (error: unknown) => {
    const code = codeOf(error)
    setScreen((current) => (fatalCodes.has(code) ? { name: 'fatal', code } : { name: 'problem', code, back: current }))
  }

  /** Runs one step against the server, one at a time. */
  const run = async <T,>(work: () => Promise<T>, done: (value: T) => void) => {
    if (busy) return
    setBusy(true)
    try {
      done(await work())
    } catch (error) {
      fail(error)
    } finally {
      setBusy(false)
    }
  }

  const afterStep = (result: StepResult) => {
    setSession(result.session)
    setScreen(result.session.status === 'finished' ? { name: 'result', result } : { name: 'step' })
  }

  const afterIdentify = (result: StepResult) => {
    setSession(result.session)
    setScreen(result.session.status === 'finished' ? { name: 'result', result } : { name: 'step' })
  }

  const content = () => {
    if (screen.name === 'loading' || !session) {
      if (screen.name === 'fatal') return <Fatal t={t} code={screen.code} />
      return <p class="loading">{t.t('loading')}</p>
    }
    switch (screen.name) {
      case 'fatal':
        return <Fatal t={t} code={screen.code} />
      case 'identify':
        return (
          <Identify
            t={t}
            session={session}
            method={screen.method}
            busy={busy}
            onMethod={(method) => setScreen({ name: 'identify', method })}
            onRegister={() => setScreen({ name: 'register' })}
            onIdentify={(input) => void run(() => api.identify(input), afterIdentify)}
          />
        )
      case 'register':
        return (
          <Register
            t={t}
            session={session}
            busy={busy}
            onBack={() => setScreen(firstScreen(session))}
            onSubmit={(input) => void run(() => api.register(input), afterIdentify)}
          />
        )
      case 'problem':
        return <Problem t={t} code={screen.code} onBack={() => setScreen(screen.back)} />
      case 'result':
        return <Result t={t} session={session} result={screen.result} onDone={() => setScreen({ name: 'finished' })} />
      case 'finished':
        return <Finished t={t} />
      case 'step':
        return <Step t={t} api={api} session={session} busy={busy} run={run} fail={fail} onResult={afterStep} />
    }
  }

  return (
    <div class="kiosk" data-screen={screen.name} lang={t.lang}>
      <header class="topbar">
        <span class="shop">{session?.shop.name ?? ''}</span>
        {session?.contact && <span class="who">{session.contact.name ?? session.contact.email ?? ''}</span>}
      </header>
      <section class="content">{content()}</section>
    </div>
  )
}

type Run = <T>(work: () => Promise<T>, done: (value: T) => void) => Promise<void>

const Fatal = ({ t, code }: { t: Translator; code: string }) => (
  <div class="panel panel-error" data-error={code}>
    <div class="icon" aria-hidden="true">
      ⌛
    </div>
    <h1>{t.t('error.title')}</h1>
    <p class="message">{t.error(code)}</p>
  </div>
)

const Problem = ({ t, code, onBack }: { t: Translator; code: string; onBack: () => void }) => (
  <div class="panel panel-error" data-error={code}>
    <div class="icon" aria-hidden="true">
      !
    </div>
    <h1>{t.t('error.title')}</h1>
    <p class="message">{t.error(code)}</p>
    <button type="button" class="button button-primary" onClick={onBack}>
      {t.t('action.retry')}
    </button>
  </div>
)

const Finished = ({ t }: { t: Translator }) => (
  <div class="panel panel-done">
    <div class="icon" aria-hidden="true">
      ✓
    </div>
    <h1>{t.t('finished.title')}</h1>
    <p class="message">{t.t('finished.body')}</p>
  </div>
)

interface IdentifyProps {
  readonly t: Translator
  readonly session: SessionView
  readonly method: 'identifier' | 'email'
  readonly busy: boolean
  readonly onMethod: (method: 'identifier' | 'email') => void
  readonly onRegister: () => void
  readonly onIdentify: (input: { identifier: string } | { email: string }) => void
}

const Identify = ({ t, session, method, busy, onMethod, onRegister, onIdentify }: IdentifyProps) => {
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

interface RegisterProps {
  readonly t: Translator
  readonly session: SessionView
  readonly busy: boolean
  readonly onBack: () => void
  readonly onSubmit: (input: { email: string; first_name: string }) => void
}

const Register = ({ t, session, busy, onBack, onSubmit }: RegisterProps) => {
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

/** Greets the contact, with their points balance unless the screen is about money. */
const ContactSummary = ({ t, session, points = true }: { t: Translator; session: SessionView; points?: boolean }) => {
  const { contact } = session
  if (!contact) return null
  return (
    <div class="contact">
      <p class="hello">{contact.name ? t.t('contact.hello', { name: contact.name }) : t.t('contact.hello_anonymous')}</p>
      {points && (
        <p class="balance" data-points={contact.points}>
          {t.t('contact.points', { points: t.number(contact.points) })}
        </p>
      )}
    </div>
  )
}

interface StepProps {
  readonly t: Translator
  readonly api: KioskApi
  readonly session: SessionView
  readonly busy: boolean
  readonly run: Run
  readonly fail: (error: unknown) => void
  readonly onResult: (result: StepResult) => void
}

const Step = (props: StepProps) => {
  switch (props.session.type) {
    case 'default':
      return <PlainStep {...props} />
    case 'credit_reception':
      return <CreditReceptionStep {...props} />
    case 'redeem_giftcards':
      return <RedeemGiftcardsStep {...props} />
    case 'top_up_giftcards':
      return <TopUpGiftcardStep {...props} />
    case 'pay_prepaid':
      return <PrepaidStep flow={payPrepaid} {...props} />
    case 'top_up_prepaid':
      return <PrepaidStep flow={topUpPrepaid} {...props} />
    case 'vouchers':
      return <VouchersStep {...props} />
  }
}

const PlainStep = ({ t, api, session, busy, run, onResult }: StepProps) => (
  <div class="panel">
    <h1>{t.t('plain.title')}</h1>
    <ContactSummary t={t} session={session} />
    <button type="button" class="button button-primary" disabled={busy} onClick={() => void run(() => api.finish(), onResult)}>
      {t.t('action.done')}
    </button>
  </div>
)

/** How often the page asks whether the till has credited the purchase. */
const CREDIT_POLL_MS = 1500

const CreditReceptionStep = ({ t, api, session, fail, onResult }: StepProps) => {
  // The till credits the purchase once it knows the contact; the page waits for it.
  useEffect(() => {
    let stopped = false
    const poll = async () => {
      while (!stopped) {
        try {
          const result = await api.creditReception()
          if (stopped) return
          if (result.points !== undefined) return onResult(result)
        } catch (error) {
          if (!stopped) fail(error)
          return
        }
        await new Promise((resolve) => window.setTimeout(resolve, CREDIT_POLL_MS))
      }
    }
    void poll()
    return () => {
      stopped = true
    }
  }, [])
  return (
    <div class="panel">
      <h1>{t.t('credit.title')}</h1>
      <ContactSummary t={t} session={session} />
      <p class="loading">{t.t('credit.waiting')}</p>
    </div>
  )
}

const giftcardPrompt = (t: Translator) => ({ camera: t.t('giftcard.scan.camera'), hand: t.t('giftcard.scan.hand') })

/** What has been paid with giftcards in this session so far, from its recorded events. */
const redeemedSoFar = (session: SessionView): { card: string; amount: number }[] =>
  session.events
    .filter((e) => e.type === 'giftcard_redeemed')
    .map((e) => ({ card: `…${String(e.data.giftcard_hash_ending ?? '')}`, amount: Number(e.data.amount_in_cents ?? 0) }))

const RedeemGiftcardsStep = ({ t, api, session, busy, run, onResult }: StepProps) => {
  const total = session.options.amount_in_cents ?? 0
  const paid = redeemedSoFar(session)
  const remaining = total - paid.reduce((sum, p) => sum + p.amount, 0)
  return (
    <div class="panel panel-split">
      <div class="summary">
        <h1>{t.t('redeem.title')}</h1>
        <p class="amount" data-remaining={remaining}>
          {paid.length === 0
            ? t.t('redeem.to_pay', { amount: t.money(total, session.currency) })
            : t.t('redeem.remaining', { amount: t.money(remaining, session.currency) })}
        </p>
        <ul class="lines">
          {paid.map((p) => (
            <li key={p.card + p.amount}>{t.t('redeem.used', { amount: t.money(p.amount, session.currency), card: p.card })}</li>
          ))}
        </ul>
        {paid.length > 0 && <p class="prompt">{t.t('redeem.another')}</p>}
      </div>
      <ScanPanel
        t={t}
        options={session.options}
        prompt={giftcardPrompt(t)}
        label={t.t('giftcard.identifier.label')}
        busy={busy}
        onCode={(hash) => void run(() => api.redeemGiftcard(hash), onResult)}
      />
    </div>
  )
}

/** "12,50" or "12.50" as cents; null when it is not a positive amount with at most two decimals. */
const parseCents = (text: string): number | null => {
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

const AmountChooser = ({ t, currency, busy, keyboard, presets, prompt, onChoose }: AmountChooserProps) => {
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

const topUpPresets = [1000, 2000, 2500, 5000] as const

const TopUpGiftcardStep = ({ t, api, session, busy, run, onResult }: StepProps) => {
  const [card, setCard] = useState<GiftcardView | null>(null)
  const preset = session.options.amount_in_cents
  const topUp = (cents: number) => card && void run(() => api.topUpGiftcard(card.hash, cents), onResult)
  return (
    <div class="panel">
      <h1>{t.t('topup_giftcard.title')}</h1>
      {card ? (
        <div class="summary">
          <p class="balance" data-balance={card.balance_in_cents}>
            {t.t('giftcard.balance', { amount: t.money(card.balance_in_cents, session.currency) })}
          </p>
          {preset ? (
            <button type="button" class="button button-primary" disabled={busy} onClick={() => topUp(preset)}>
              {t.t('topup.amount', { amount: t.money(preset, session.currency) })}
            </button>
          ) : (
            <AmountChooser
              t={t}
              currency={session.currency}
              busy={busy}
              keyboard={session.options.enable_on_screen_keyboard}
              presets={topUpPresets}
              prompt={t.t('topup.choose')}
              onChoose={topUp}
            />
          )}
        </div>
      ) : (
        <ScanPanel
          t={t}
          options={session.options}
          prompt={giftcardPrompt(t)}
          label={t.t('giftcard.identifier.label')}
          busy={busy}
          onCode={(hash) => void run(() => api.giftcard(hash), setCard)}
        />
      )}
    </div>
  )
}

const PrepaidBalance = ({ t, session }: { t: Translator; session: SessionView }) =>
  session.contact && (
    <p class="balance" data-prepaid={session.contact.prepaid_balance_in_cents}>
      {t.t('contact.prepaid', { amount: t.money(session.contact.prepaid_balance_in_cents, session.currency) })}
    </p>
  )

/** How a prepaid step differs between paying and topping up: the call, the words and the amounts offered. */
interface PrepaidFlow {
  readonly call: (api: KioskApi, cents: number) => Promise<StepResult>
  readonly title: MessageKey
  readonly action: MessageKey
  readonly prompt: MessageKey
  readonly presets: readonly number[]
}

const payPrepaid: PrepaidFlow = {
  call: (api, cents) => api.payPrepaid(cents),
  title: 'prepaid.pay.title',
  action: 'prepaid.pay.amount',
  prompt: 'prepaid.pay.enter',
  presets: [],
}

const topUpPrepaid: PrepaidFlow = {
  call: (api, cents) => api.topUpPrepaid(cents),
  title: 'prepaid.topup.title',
  action: 'topup.amount',
  prompt: 'topup.choose',
  presets: topUpPresets,
}

const PrepaidStep = ({ flow, t, api, session, busy, run, onResult }: StepProps & { flow: PrepaidFlow }) => {
  const preset = session.options.amount_in_cents
  const go = (cents: number) => void run(() => flow.call(api, cents), onResult)
  return (
    <div class="panel">
      <h1>{t.t(flow.title)}</h1>
      <ContactSummary t={t} session={session} points={false} />
      <PrepaidBalance t={t} session={session} />
      {preset ? (
        <button type="button" class="button button-primary" disabled={busy} onClick={() => go(preset)}>
          {t.t(flow.action, { amount: t.money(preset, session.currency) })}
        </button>
      ) : (
        <AmountChooser
          t={t}
          currency={session.currency}
          busy={busy}
          keyboard={session.options.enable_on_screen_keyboard}
          presets={flow.presets}
          prompt={t.t(flow.prompt)}
          onChoose={go}
        />
      )}
    </div>
  )
}

const VouchersStep = ({ t, api, session, busy, run, onResult }: StepProps) => {
  const [vouchers, setVouchers] = useState<VoucherView[] | null>(null)
  useEffect(() => {
    void run(() => api.vouchers(), setVouchers)
  }, [])
  const redeem = (code: string) => void run(() => api.redeemVoucher(code), onResult)
  return (
    <div class="panel panel-split">
      <div class="summary">
        <h1>{t.t('vouchers.title')}</h1>
        <ContactSummary t={t} session={session} points={false} />
        {vouchers === null ? (
          <p class="loading">{t.t('loading')}</p>
        ) : vouchers.length === 0 ? (
          <p class="prompt">{t.t('vouchers.none')}</p>
        ) : (
          <ul class="vouchers">
            {vouchers.map((v) => (
              <li class="voucher" key={v.code} data-code={v.code}>
                <strong>{v.name}</strong>
                {v.description && <span>{v.description}</span>}
                {v.expires_at && <small>{t.t('vouchers.valid_until', { date: t.date(v.expires_at) })}</small>}
                <button type="button" class="button button-primary" disabled={busy} onClick={() => redeem(v.code)}>
                  {t.t('vouchers.redeem')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <ScanPanel
        t={t}
        options={session.options}
        prompt={{ camera: t.t('vouchers.scan'), hand: t.t('vouchers.scan') }}
        label={t.t('vouchers.code.label')}
        busy={busy}
        onCode={redeem}
      />
    </div>
  )
}

/** What the finished step did, in the customer's words. */
const Result = ({ t, session, result, onDone }: { t: Translator; session: SessionView; result: StepResult; onDone: () => void }) => {
  const money = (cents: number) => t.money(cents, session.currency)
  const lines: { key: string; text: string }[] = []
  switch (session.type) {
    case 'credit_reception':
      if (result.points !== undefined) lines.push({ key: 'credited', text: t.t('credit.credited', { points: t.number(result.points) }) })
      if (session.contact) lines.push({ key: 'balance', text: t.t('credit.balance', { points: t.number(session.contact.points) }) })
      break
    case 'redeem_giftcards':
      lines.push({ key: 'paid', text: t.t('redeem.paid') })
      for (const p of redeemedSoFar(session)) lines.push({ key: p.card, text: t.t('redeem.used', { amount: money(p.amount), card: p.card }) })
      break
    case 'top_up_giftcards':
      if (result.amount_in_cents !== undefined) lines.push({ key: 'done', text: t.t('topup.done', { amount: money(result.amount_in_cents) }) })
      if (result.giftcard) lines.push({ key: 'balance', text: t.t('giftcard.balance', { amount: money(result.giftcard.balance_in_cents) }) })
      break
    case 'pay_prepaid':
    case 'top_up_prepaid':
      if (result.amount_in_cents !== undefined)
        lines.push({
          key: 'done',
          text: t.t(session.type === 'pay_prepaid' ? 'prepaid.pay.done' : 'topup.done', { amount: money(result.amount_in_cents) }),
        })
      if (session.contact) lines.push({ key: 'balance', text: t.t('contact.prepaid', { amount: money(session.contact.prepaid_balance_in_cents) }) })
      break
    case 'vouchers':
      if (result.voucher) lines.push({ key: 'voucher', text: t.t('vouchers.redeemed', { name: result.voucher.name }) })
      break
    case 'default':
      break
  }
  return (
    <div class="panel panel-done" data-result={session.type}>
      <div class="icon" aria-hidden="true">
        ✓
      </div>
      <ContactSummary t={t} session={session} points={session.type === 'default'} />
      {lines.map((line) => (
        <p class="result-line" key={line.key} data-line={line.key}>
          {line.text}
        </p>
      ))}
      <button type="button" class="button button-primary" onClick={onDone}>
        {t.t('action.done')}
      </button>
    </div>
  )
}
