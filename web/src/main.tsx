import { render } from 'preact'
import { App } from './app'
import { askEarly, type Answer } from './http'
import { I18nContext, createI18n } from './i18n'
import { SessionContext, createSession } from './session'
import './styles.css'

/*
 * Before anything renders, ask for what the page will need, in parallel with the page's code (which the server
 * names in the page it answered: server/web-shell.ts): each loader then picks up its request in flight (http.ts
 * askEarly) instead of asking one round trip after its code arrived. The start page asks for its whole data in one
 * request (GET /api/me/home), whose `me` is what GET /api/me would answer; a meeting page asks for who is signed
 * in, the meeting and my part of it at once (a visitor's 401 for the last is simply not used).
 */
const path = location.pathname
if (path === '/') {
  const home = askEarly<{ me: unknown }>('/api/me/home')
  askEarly(
    '/api/me',
    home.then((r): Answer<{ me: unknown }> => (r.ok ? { ...r, data: { me: r.data.me } } : r)),
  )
} else {
  askEarly('/api/me')
  const meeting = /^(\/estates\/[^/]+\/meetings\/[^/]+)\/?$/.exec(path)
  if (meeting) {
    askEarly(`/api${meeting[1]}`)
    askEarly(`/api${meeting[1]}/me`)
  }
}

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
