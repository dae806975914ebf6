import type { ApiErrorCode } from '../api'
import { useI18n } from '../i18n'

/** An error the reader can act on: the catalogue's words for the code, and a way on. */
export function Problem({ error, onRetry }: { error: ApiErrorCode; onRetry?: (() => void) | undefined }) {
  const { t } = useI18n()
  const canRetry = onRetry && (error === 'network' || error === 'unexpected')
  return (
    <div class="problem" role="alert">
      <p>{t.value.errors[error]}</p>
      {canRetry ? (
        <button type="button" class="button" onClick={onRetry}>
          {t.value.retry}
        </button>
      ) : (
        <a class="button" href="/">
          {t.value.backHome}
        </a>
      )}
    </div>
  )
}
