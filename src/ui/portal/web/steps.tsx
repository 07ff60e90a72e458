import { useEffect } from 'preact/hooks'
import { PrepaidStep, payPrepaid, TopUpGiftcardStep, topUpPrepaid } from './money-steps'
import { ContactSummary, GiftcardScan, redeemedSoFar, type StepProps } from './step-common'
import { VouchersStep } from './vouchers-step'

export const Step = (props: StepProps) => {
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
      <GiftcardScan t={t} session={session} busy={busy} onHash={(hash) => void run(() => api.redeemGiftcard(hash), onResult)} />
    </div>
  )
}
