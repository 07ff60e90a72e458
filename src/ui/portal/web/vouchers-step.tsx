import { useEffect, useState } from 'preact/hooks'
import type { VoucherView } from './api'
import { ScanPanel } from './scan-panel'
import { ContactSummary, type StepProps } from './step-common'

export const VouchersStep = ({ t, api, session, busy, run, onResult }: StepProps) => {
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
