import { Problem } from './problem'

// A page's chunk can fail to arrive over a weak mobile connection: say so and offer a retry, never a blank page.
function LoadFailed() {
  return <Problem error="network" onRetry={() => location.reload()} />
}

/** A lazy page's import, answered by the retry page above when its chunk cannot be fetched. */
export const orFailed = <T,>(load: Promise<{ default: T }>) => load.catch(() => ({ default: LoadFailed }))

/** After a client-side navigation, focus moves to the new page's heading so that screen readers announce it. */
export function focusHeading() {
  document.querySelector<HTMLElement>('main h1')?.focus()
}
