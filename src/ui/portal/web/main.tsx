import { render } from 'preact'
import { kioskApi } from './api'
import { App } from './app'
import { pickLanguage, translator } from './i18n'
import './styles.css'

const t = translator(pickLanguage(navigator.languages.length > 0 ? navigator.languages : [navigator.language]))
document.documentElement.lang = t.lang
const uuid = new URLSearchParams(window.location.search).get('uuid') ?? ''
const root = document.getElementById('app')
if (root) render(<App api={kioskApi(uuid)} t={t} />, root)
