import { LOCALES, useI18n, type Locale } from '../i18n'

// Each choice is written in its own language, so a reader finds theirs whatever the page is in now.
const NAMES: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' }

export function LanguageSwitch() {
  const { locale, t, setLocale } = useI18n()
  return (
    <div class="language-switch" role="group" aria-label={t.value.languageGroup}>
      {LOCALES.map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={locale.value === l} onClick={() => setLocale(l)}>
          {NAMES[l]}
        </button>
      ))}
    </div>
  )
}
