import type { KioskApi, SessionView, StepResult } from './api'
import type { Translator } from './i18n'
import { ScanPanel } from './scan-panel'

/** What every step of a portal session gets from the page, and the contact it greets. */
export type Run = <T>(work: () => Promise<T>, done: (value: T) => void) => Promise<void>

/** Greets the contact, with their points balance unless the screen is about money. */
export const ContactSummary = ({ t, session, points = true }: { t: Translator; session: SessionView; points?: boolean }) => {
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

export interface StepProps {
  readonly t: Translator
  readonly api: KioskApi
  readonly session: SessionView
  readonly busy: boolean
  readonly run: Run
  readonly fail: (error: unknown) => void
  readonly onResult: (result: StepResult) => void
}

export const giftcardPrompt = (t: Translator) => ({ camera: t.t('giftcard.scan.camera'), hand: t.t('giftcard.scan.hand') })

/** What has been paid with giftcards in this session so far, from its recorded events. */
export const redeemedSoFar = (session: SessionView): { card: string; amount: number }[] =>
  session.events
    .filter((e) => e.type === 'giftcard_redeemed')
    .map((e) => ({ card: `…${String(e.data.giftcard_hash_ending ?? '')}`, amount: Number(e.data.amount_in_cents ?? 0) }))

/** The panel a giftcard is scanned or typed in. */
export const GiftcardScan = ({ t, session, busy, onHash }: { t: Translator; session: SessionView; busy: boolean; onHash: (hash: string) => void }) => (
  <ScanPanel t={t} options={session.options} prompt={giftcardPrompt(t)} label={t.t('giftcard.identifier.label')} busy={busy} onCode={onHash} />
)
