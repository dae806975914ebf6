import type { ComponentChildren } from 'preact'
import type { ApiErrorCode, ErrorDetails } from '../api'
import { useI18n, type Catalogue } from '../i18n'

/** The catalogue's words for an error code, completed by what its details say (tries left, when to retry). */
export function errorMessage(t: Catalogue, error: ApiErrorCode, details?: ErrorDetails): string {
  const parts: string[] = [t.errors[error]]
  if (error === 'unit_not_found' && details?.units?.length) parts.push(details.units.join(t.listSeparator))
  if (details?.attemptsLeft !== undefined) parts.push(t.errorDetails.attemptsLeft(details.attemptsLeft))
  if (details?.retryAfterSeconds !== undefined)
    parts.push(t.errorDetails.retryAfter(Math.max(1, Math.ceil(details.retryAfterSeconds / 60))))
  return parts.join(t.sentenceSeparator)
}

/** An error in words, announced to screen readers, with whatever ways on the page offers beneath it. */
export function Alert(props: {
  error: ApiErrorCode
  details?: ErrorDetails | undefined
  children?: ComponentChildren
}) {
  const { t } = useI18n()
  return (
    <div class="problem" role="alert">
      <p>{errorMessage(t.value, props.error, props.details)}</p>
      {props.children}
    </div>
  )
}

/** An error the reader can act on: the catalogue's words for the code, and a way on. */
export function Problem({ error, onRetry }: { error: ApiErrorCode; onRetry?: (() => void) | undefined }) {
  const { t } = useI18n()
  const canRetry = onRetry && (error === 'network' || error === 'unexpected')
  return (
    <Alert error={error}>
      {canRetry ? (
        <button type="button" class="button" onClick={onRetry}>
          {t.value.retry}
        </button>
      ) : (
        <a class="button" href="/">
          {t.value.backHome}
        </a>
      )}
    </Alert>
  )
}
