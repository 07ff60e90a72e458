import type { SessionView, StepResult } from './api'
import type { Translator } from './i18n'
import { ContactSummary, redeemedSoFar } from './step-common'

/** What the finished step did, in the customer's words. */
export const Result = ({ t, session, result, onDone }: { t: Translator; session: SessionView; result: StepResult; onDone: () => void }) => {
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
