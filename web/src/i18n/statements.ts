import { useEffect } from 'preact/hooks'
import { observable, useObserve } from '../observable'
import { useI18n } from './index'
import statementsZhCN, { type StatementsCatalogue } from './statements-zh-CN'

// Chinese comes with the chunk that shows a statement; English is fetched when chosen.
const english = observable<StatementsCatalogue | null>(null)

/** The statement's words in the reader's language; null while the English ones are on their way. */
export function useStatementsText(): StatementsCatalogue | null {
  const locale = useI18n().locale.value
  useObserve(english)
  useEffect(() => {
    if (locale === 'en' && !english.value)
      void import('./statements-en').then(
        (m) => (english.value = m.default),
        () => undefined, // Offline: Chinese stays; choosing English again retries.
      )
  }, [locale])
  return locale === 'en' ? english.value : statementsZhCN
}
