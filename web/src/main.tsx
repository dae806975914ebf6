import { render } from 'preact'
import { App } from './app'
import { I18nContext, createI18n } from './i18n'
import { SessionContext, createSession } from './session'
import './styles.css'

const root = document.getElementById('app')
if (root) {
  render(
    <I18nContext.Provider value={createI18n()}>
      <SessionContext.Provider value={createSession()}>
        <App />
      </SessionContext.Provider>
    </I18nContext.Provider>,
    root,
  )
}
