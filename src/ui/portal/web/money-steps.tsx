import { useState } from 'preact/hooks'
import { AmountChooser } from './amount-chooser'
import type { GiftcardView, KioskApi, SessionView, StepResult } from './api'
import type { MessageKey, Translator } from './i18n'
import { ContactSummary, GiftcardScan, type StepProps } from './step-common'

const topUpPresets = [1000, 2000, 2500, 5000] as const

export const TopUpGiftcardStep = ({ t, api, session, busy, run, onResult }: StepProps) => {
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
        <GiftcardScan t={t} session={session} busy={busy} onHash={(hash) => void run(() => api.giftcard(hash), setCard)} />
      )}
    </div>
  )
}

export const PrepaidBalance = ({ t, session }: { t: Translator; session: SessionView }) =>
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

export const payPrepaid: PrepaidFlow = {
  call: (api, cents) => api.payPrepaid(cents),
  title: 'prepaid.pay.title',
  action: 'prepaid.pay.amount',
  prompt: 'prepaid.pay.enter',
  presets: [],
}

export const topUpPrepaid: PrepaidFlow = {
  call: (api, cents) => api.topUpPrepaid(cents),
  title: 'prepaid.topup.title',
  action: 'topup.amount',
  prompt: 'topup.choose',
  presets: topUpPresets,
}

export const PrepaidStep = ({ flow, t, api, session, busy, run, onResult }: StepProps & { flow: PrepaidFlow }) => {
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
