import type { PageRefusals } from '../i18n/staff-console-zh-CN'
import type { Failure } from './api'
import { FailureText, type C } from './frame'

/**
 * A refusal in the words of the page that met it (a page's own catalogue section names its codes where the same
 * code reads differently elsewhere), else in the console's common words.
 */
export function Refusal({ failure, c, words }: { failure: Failure; c: C; words: PageRefusals }) {
  // Any code may arrive (an older or newer server); the page's words are looked up by it as it is.
  const byCode: Partial<Record<string, string>> = words
  const own = byCode[failure.code]
  if (own === undefined) return <FailureText failure={failure} c={c} />
  return (
    <div class="problem" role="alert">
      <p>{own}</p>
    </div>
  )
}
