import { useEffect, useState } from 'preact/hooks'
import { type KioskApi, KioskError, type SessionView, type StepResult } from './api'
import type { Translator } from './i18n'
import { Identify, Register } from './identify'
import { Result } from './result'
import { Step } from './steps'

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
