import type { PublicationsCatalogue } from '../i18n/publications-zh-CN'
import { Documents } from './publications-documents'
import { RollVersions, usePublicationsText } from './publications-roll'

/**
 * The publications of the first assembly's preparation (domain §7.3 (3)) under one route, so that the app's entry
 * (which every owner loads on the voting path) grows by one route only. `at` is what follows …/publications/:
 * `roll`, `roll/N`, `roll/N/compare/M`, `documents`, `documents/ID`, `documents/ID/versions/N` or
 * `documents/ID/versions/N/compare/M`. Owners read and object; the estate's conveners publish, answer and draft
 * on the same phone-friendly pages.
 */
export default function PublicationsPage(props: { id: string; at?: string }) {
  const p = usePublicationsText()
  if (!p) return null
  const [what, ...rest] = (props.at ?? '').split('/')
  const num = (s: string | undefined) => (s && /^\d+$/.test(s) ? Number(s) : undefined)
  if (what === 'documents') {
    const [id, versions, n, compare, m] = rest
    return (
      <Documents
        p={p}
        estateId={props.id}
        {...(id ? { id } : {})}
        {...(versions === 'versions' && num(n) !== undefined ? { number: num(n) } : {})}
        {...(compare === 'compare' && num(m) !== undefined ? { other: num(m) } : {})}
      />
    )
  }
  const [n, compare, m] = rest
  return (
    <RollVersionsRoute
      p={p}
      estateId={props.id}
      number={num(n)}
      other={compare === 'compare' ? num(m) : undefined}
    />
  )
}

function RollVersionsRoute(props: {
  p: PublicationsCatalogue
  estateId: string
  number: number | undefined
  other: number | undefined
}) {
  const { p, estateId, number, other } = props
  return (
    <RollVersions
      p={p}
      estateId={estateId}
      {...(number !== undefined ? { number } : {})}
      {...(other !== undefined ? { other } : {})}
    />
  )
}
