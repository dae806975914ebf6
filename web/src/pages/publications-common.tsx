import type { ComponentChildren } from 'preact'
import { formatDate, useI18n } from '../i18n'
import type { PublicationsCatalogue } from '../i18n/publications-zh-CN'
import { useSession } from '../session'

/**
 * What the roll's and the documents' publication pages show alike (domain §7.3 (3)): a refusal in words, whether the
 * reader is a convener, a version's hash, the list of versions, the two hashes of a comparison and a version's
 * actions (compare with the previous one, print).
 */

type P = PublicationsCatalogue

export function refusal(p: P, error: string): string {
  return (p.errors as Record<string, string | undefined>)[error] ?? p.errors.unexpected
}

export function Failed({ p, error }: { p: P; error: string }) {
  return (
    <div class="problem" role="alert">
      <p>{refusal(p, error)}</p>
    </div>
  )
}

/** Whether the signed-in person is a convener of the estate: they publish, answer and draft on these pages. */
export function useConvener(estateId: string): boolean {
  const session = useSession().state.value
  return (
    session.status === 'signed_in' &&
    session.me.roles.some((r) => r.estateId === estateId && r.role === 'convener')
  )
}

/** A published version as these pages list it: its number, date and SHA-256. */
interface Published {
  readonly number: number
  readonly publishedAt: string
  readonly sha256: string
}

/** The version's SHA-256 under its heading, as a reader copies it to check the published file. */
export function HashBlock({ p, sha256, testId }: { p: P; sha256: string; testId: string }) {
  return (
    <dl class="hash-block">
      <dt>{p.versions.hash}</dt>
      <dd>
        <code class="hash" data-testid={testId}>
          {sha256}
        </code>
      </dd>
    </dl>
  )
}

/** Every version, newest first: each its link, date, remark (the note or the reason) and SHA-256. */
export function VersionCards<V extends Published>(props: {
  versions: readonly V[]
  href: (number: number) => string
  label: (v: V) => string
  remark: (v: V) => string | null
}) {
  const { versions, href, label, remark } = props
  const { t } = useI18n()
  return (
    <ul class="cards">
      {versions.map((x) => {
        const r = remark(x)
        return (
          <li key={x.number} class="unit">
            <p class="unit-head">
              <a class="unit-number" href={href(x.number)}>
                {label(x)}
              </a>
              <span class="note">{formatDate(x.publishedAt, t.value.dateLocale)}</span>
            </p>
            {r && <p>{r}</p>}
            <code class="hash">{x.sha256}</code>
          </li>
        )
      })}
    </ul>
  )
}

/** The two versions a comparison sets side by side: each its link, date and SHA-256. */
export function ComparedHashes<V extends Published>(props: {
  versions: readonly [V, V]
  href: (number: number) => string
  label: (v: V) => string
}) {
  const { versions, href, label } = props
  const { t } = useI18n()
  return (
    <dl class="hash-block">
      {versions.map((v) => (
        <div key={v.number}>
          <dt>
            <a href={href(v.number)}>{label(v)}</a> · {formatDate(v.publishedAt, t.value.dateLocale)}
          </dt>
          <dd>
            <code class="hash">{v.sha256}</code>
          </dd>
        </div>
      ))}
    </dl>
  )
}

/** A version's actions: compare it with the one before (where there is one), print it, and what the page adds. */
export function VersionActions(props: {
  p: P
  number: number
  compareHref: (previous: number) => string
  children?: ComponentChildren
}) {
  const { p, number, compareHref, children } = props
  return (
    <p class="actions no-print">
      {number > 1 && (
        <a class="button secondary" href={compareHref(number - 1)}>
          {p.versions.compareWith(p.versions.label(number - 1))}
        </a>
      )}
      <button type="button" class="button secondary" onClick={() => window.print()}>
        {p.versions.print}
      </button>
      {children}
    </p>
  )
}
