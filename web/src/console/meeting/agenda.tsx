import type { Meeting } from '../api'
import type { C } from '../frame'

// 民法典 art. 278(2): items 六 to 八 need 3/4 of the participating area and owners; the others more than half.
const SPECIAL = new Set(['raise_maintenance_fund', 'rebuild', 'common_parts_use'])

/** The matters as noticed: each with its kind and the rule it needs, its scope, text and candidates. */
export function Agenda({ m, c }: { m: Meeting; c: C }) {
  return (
    <section aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">{c.meeting.agenda}</h2>
      <ol class="plain-list">
        {m.matters.map((x, i) => (
          <li key={x.id} class="matter-card">
            <h3>{c.paper.choice(c.paper.matterNo(i + 1), x.title)}</h3>
            <p class="rule">
              {c.kinds[x.kind as keyof C['kinds']] ?? x.kind} ·{' '}
              {x.kind === 'elect_committee'
                ? c.rule.election
                : SPECIAL.has(x.kind)
                  ? c.rule.special
                  : c.rule.ordinary}
            </p>
            {x.scope && (
              <p class="note">{(x.scope.buildings ?? x.scope.units ?? []).join(c.listSeparator)}</p>
            )}
            {x.body && <p>{x.body}</p>}
            {'candidates' in x && x.candidates && (
              <ol>
                {x.candidates.map((cand) => (
                  <li key={cand.id}>{cand.name}</li>
                ))}
              </ol>
            )}
          </li>
        ))}
      </ol>
    </section>
  )
}
