/** The page's languages; the first one is the fallback. */
export const languages = ['en', 'nl'] as const
export type Language = (typeof languages)[number]

const en = {
  loading: 'One moment…',
  'identify.title': 'Welcome!',
  'identify.scan.camera': 'Hold your card or QR code in front of the camera',
  'identify.scan.hand': 'Scan your card with the scanner',
  'identify.identifier.label': 'Or type your card number',
  'identify.email.title': 'Log in with your email address',
  'identify.email.label': 'Email address',
  'identify.use_email': 'Use my email address',
  'identify.use_card': 'Use my card',
  'identify.register': 'I am new here: sign up',
  'register.title': 'Sign up',
  'register.first_name': 'First name',
  'register.email': 'Email address',
  'register.submit': 'Sign up',
  'action.ok': 'OK',
  'action.back': 'Back',
  'action.cancel': 'Cancel',
  'action.retry': 'Try again',
  'action.done': 'Done',
  'action.confirm': 'Confirm',
  'contact.hello': 'Hello {name}!',
  'contact.hello_anonymous': 'Hello!',
  'contact.points': 'You have {points} points',
  'contact.prepaid': 'Prepaid balance: {amount}',
  'plain.title': 'You are logged in',
  'credit.title': 'Points credited',
  'credit.waiting': 'Your points are on their way…',
  'credit.credited': '+{points} points',
  'credit.balance': 'Your balance is now {points} points',
  'giftcard.scan.camera': 'Hold your giftcard in front of the camera',
  'giftcard.scan.hand': 'Scan your giftcard with the scanner',
  'giftcard.identifier.label': 'Or type the giftcard code',
  'redeem.title': 'Pay with a giftcard',
  'redeem.to_pay': 'To pay: {amount}',
  'redeem.remaining': 'Still to pay: {amount}',
  'redeem.used': '{amount} paid with giftcard {card}',
  'redeem.another': 'Scan another giftcard',
  'redeem.paid': 'Paid in full',
  'topup_giftcard.title': 'Top up a giftcard',
  'topup.choose': 'Choose an amount',
  'amount.other': 'Amount',
  'topup.amount': 'Top up {amount}',
  'topup.done': 'Topped up {amount}',
  'giftcard.balance': 'Giftcard balance: {amount}',
  'prepaid.pay.title': 'Pay with your prepaid balance',
  'prepaid.pay.amount': 'Pay {amount}',
  'prepaid.pay.done': 'Paid {amount}',
  'prepaid.pay.enter': 'Type the amount to pay',
  'prepaid.topup.title': 'Top up your prepaid balance',
  'vouchers.title': 'Your vouchers',
  'vouchers.none': 'You have no vouchers to use right now',
  'vouchers.redeem': 'Use this voucher',
  'vouchers.redeemed': 'Voucher used: {name}',
  'vouchers.scan': 'Or scan a voucher code',
  'vouchers.code.label': 'Or type the voucher code',
  'vouchers.valid_until': 'Valid until {date}',
  'finished.title': 'Thank you!',
  'finished.body': 'You may put the device down.',
  'error.title': 'Something went wrong',
  'error.portal_session.expired': 'This session has expired. Please ask for a new one at the counter.',
  'error.portal_session.finished': 'This session is already complete.',
  'error.portal_session.not_found': 'This session does not exist. Please ask for a new one at the counter.',
  'error.contact.not_found': 'We do not know this card. Check the number or sign up.',
  'error.contact.email_not_found': 'We do not know this email address.',
  'error.identifier.not_found': 'We do not know this card. Check the number or sign up.',
  'error.identifier.inactive': 'This card can no longer be used. Please ask at the counter.',
  'error.contact.exists': 'This email address is already registered. Log in with it instead.',
  'error.giftcard.not_found': 'We do not know this giftcard.',
  'error.giftcard.insufficient_balance': 'The balance on this giftcard is not enough.',
  'error.prepaid.insufficient_balance': 'Your prepaid balance is not enough.',
  'error.ledger.insufficient_balance': 'The balance is not enough.',
  'error.voucher.not_found': 'We do not know this voucher.',
  'error.voucher.redeemed': 'This voucher has already been used.',
  'error.voucher.expired': 'This voucher has expired.',
  'error.voucher.deactivated': 'This voucher can no longer be used.',
  'error.voucher.inactive': 'This voucher cannot be used yet.',
  'error.voucher.locked': 'This voucher is being used at the till right now.',
  'error.giftcard.inactive': 'This giftcard cannot be used.',
  'error.giftcard.expired': 'This giftcard has expired.',
  'error.giftcard.not_upgradeable': 'This giftcard cannot be topped up.',
  'error.giftcard.max_amount_exceeded': 'This giftcard cannot hold that much.',
  'error.validation.invalid': 'Please check what you entered.',
  'error.camera.unavailable': 'The camera cannot be used. Type the number instead.',
  'error.network': 'No connection to the server. Try again.',
  'error.unknown': 'Please ask for help at the counter.',
  'keyboard.space': 'space',
  'keyboard.backspace': 'delete',
  'keyboard.shift': 'shift',
  'keyboard.enter': 'enter',
  'keyboard.label': 'On-screen keyboard',
}

export type MessageKey = keyof typeof en

const nl: Record<MessageKey, string> = {
  loading: 'Een ogenblik…',
  'identify.title': 'Welkom!',
  'identify.scan.camera': 'Houd je kaart of QR-code voor de camera',
  'identify.scan.hand': 'Scan je kaart met de scanner',
  'identify.identifier.label': 'Of typ je kaartnummer',
  'identify.email.title': 'Log in met je e-mailadres',
  'identify.email.label': 'E-mailadres',
  'identify.use_email': 'Gebruik mijn e-mailadres',
  'identify.use_card': 'Gebruik mijn kaart',
  'identify.register': 'Ik ben nieuw: aanmelden',
  'register.title': 'Aanmelden',
  'register.first_name': 'Voornaam',
  'register.email': 'E-mailadres',
  'register.submit': 'Aanmelden',
  'action.ok': 'OK',
  'action.back': 'Terug',
  'action.cancel': 'Annuleren',
  'action.retry': 'Opnieuw proberen',
  'action.done': 'Klaar',
  'action.confirm': 'Bevestigen',
  'contact.hello': 'Hallo {name}!',
  'contact.hello_anonymous': 'Hallo!',
  'contact.points': 'Je hebt {points} punten',
  'contact.prepaid': 'Prepaid-saldo: {amount}',
  'plain.title': 'Je bent ingelogd',
  'credit.title': 'Punten bijgeschreven',
  'credit.waiting': 'Je punten komen eraan…',
  'credit.credited': '+{points} punten',
  'credit.balance': 'Je saldo is nu {points} punten',
  'giftcard.scan.camera': 'Houd je cadeaukaart voor de camera',
  'giftcard.scan.hand': 'Scan je cadeaukaart met de scanner',
  'giftcard.identifier.label': 'Of typ de code van de cadeaukaart',
  'redeem.title': 'Betalen met een cadeaukaart',
  'redeem.to_pay': 'Te betalen: {amount}',
  'redeem.remaining': 'Nog te betalen: {amount}',
  'redeem.used': '{amount} betaald met cadeaukaart {card}',
  'redeem.another': 'Scan nog een cadeaukaart',
  'redeem.paid': 'Volledig betaald',
  'topup_giftcard.title': 'Cadeaukaart opwaarderen',
  'topup.choose': 'Kies een bedrag',
  'amount.other': 'Bedrag',
  'topup.amount': '{amount} opwaarderen',
  'topup.done': '{amount} opgewaardeerd',
  'giftcard.balance': 'Saldo cadeaukaart: {amount}',
  'prepaid.pay.title': 'Betalen met je prepaid-saldo',
  'prepaid.pay.amount': '{amount} betalen',
  'prepaid.pay.done': '{amount} betaald',
  'prepaid.pay.enter': 'Typ het bedrag dat je betaalt',
  'prepaid.topup.title': 'Prepaid-saldo opwaarderen',
  'vouchers.title': 'Je vouchers',
  'vouchers.none': 'Je hebt nu geen vouchers om te gebruiken',
  'vouchers.redeem': 'Gebruik deze voucher',
  'vouchers.redeemed': 'Voucher gebruikt: {name}',
  'vouchers.scan': 'Of scan een vouchercode',
  'vouchers.code.label': 'Of typ de vouchercode',
  'vouchers.valid_until': 'Geldig tot {date}',
  'finished.title': 'Bedankt!',
  'finished.body': 'Je kunt het apparaat neerleggen.',
  'error.title': 'Er ging iets mis',
  'error.portal_session.expired': 'Deze sessie is verlopen. Vraag aan de kassa om een nieuwe.',
  'error.portal_session.finished': 'Deze sessie is al afgerond.',
  'error.portal_session.not_found': 'Deze sessie bestaat niet. Vraag aan de kassa om een nieuwe.',
  'error.contact.not_found': 'Deze kaart kennen we niet. Controleer het nummer of meld je aan.',
  'error.contact.email_not_found': 'Dit e-mailadres kennen we niet.',
  'error.identifier.not_found': 'Deze kaart kennen we niet. Controleer het nummer of meld je aan.',
  'error.identifier.inactive': 'Deze kaart kan niet meer worden gebruikt. Vraag het aan de kassa.',
  'error.contact.exists': 'Dit e-mailadres is al aangemeld. Log ermee in.',
  'error.giftcard.not_found': 'Deze cadeaukaart kennen we niet.',
  'error.giftcard.insufficient_balance': 'Het saldo op deze cadeaukaart is niet genoeg.',
  'error.prepaid.insufficient_balance': 'Je prepaid-saldo is niet genoeg.',
  'error.ledger.insufficient_balance': 'Het saldo is niet genoeg.',
  'error.voucher.not_found': 'Deze voucher kennen we niet.',
  'error.voucher.redeemed': 'Deze voucher is al gebruikt.',
  'error.voucher.expired': 'Deze voucher is verlopen.',
  'error.voucher.deactivated': 'Deze voucher kan niet meer worden gebruikt.',
  'error.voucher.inactive': 'Deze voucher kan nog niet worden gebruikt.',
  'error.voucher.locked': 'Deze voucher wordt nu aan de kassa gebruikt.',
  'error.giftcard.inactive': 'Deze cadeaukaart kan niet worden gebruikt.',
  'error.giftcard.expired': 'Deze cadeaukaart is verlopen.',
  'error.giftcard.not_upgradeable': 'Deze cadeaukaart kan niet worden opgewaardeerd.',
  'error.giftcard.max_amount_exceeded': 'Zoveel kan er niet op deze cadeaukaart.',
  'error.validation.invalid': 'Controleer wat je hebt ingevuld.',
  'error.camera.unavailable': 'De camera werkt niet. Typ het nummer.',
  'error.network': 'Geen verbinding met de server. Probeer het opnieuw.',
  'error.unknown': 'Vraag om hulp bij de kassa.',
  'keyboard.space': 'spatie',
  'keyboard.backspace': 'wissen',
  'keyboard.shift': 'hoofdletter',
  'keyboard.enter': 'enter',
  'keyboard.label': 'Schermtoetsenbord',
}

const catalogs: Record<Language, Record<MessageKey, string>> = { en, nl }

/** The first of the browser's preferred languages that the page speaks, English otherwise. */
export const pickLanguage = (preferred: readonly string[]): Language => {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0]
    const match = languages.find((l) => l === base)
    if (match) return match
  }
  return languages[0]
}

export interface Translator {
  readonly lang: Language
  t(key: MessageKey, params?: Record<string, string | number>): string
  /** The message of an error code, or the generic one when the page has none for it. */
  error(code: string): string
  money(cents: number, currency?: string): string
  number(n: number): string
  date(iso: string): string
}

const isMessageKey = (key: string): key is MessageKey => key in en

export const translator = (lang: Language): Translator => {
  const catalog = catalogs[lang]
  const locale = lang === 'nl' ? 'nl-NL' : 'en-GB'
  const numbers = new Intl.NumberFormat(locale)
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'long' })
  const t = (key: MessageKey, params: Record<string, string | number> = {}) =>
    catalog[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
  return {
    lang,
    t,
    error: (code) => {
      const key = `error.${code}`
      return isMessageKey(key) ? t(key) : t('error.unknown')
    },
    money: (cents, currency = 'EUR') => new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100),
    number: (n) => numbers.format(n),
    date: (iso) => dates.format(new Date(iso)),
  }
}
