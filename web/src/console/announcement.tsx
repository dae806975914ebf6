import type { Announcement } from './api'
import { fetchAnnouncement } from './api'
import { Frame, countText, formatEnd, formatWhen, useConsole, type C } from './frame'
import { Loaded, useLoad } from './load'

type Matter = Announcement['matters'][number]
type Weight = { readonly heads: number; readonly areaCm2: number }
type Fraction = { readonly num: number; readonly den: number; readonly strict: boolean }
type Result = {
  readonly electorate: Weight
  readonly participation: Weight
  readonly rule?: { readonly participation: Fraction; readonly approval: Fraction }
  readonly tally?: {
    readonly yes: Weight
    readonly no: Weight
    readonly abstain: Weight
    readonly invalid: Weight
  }
  readonly candidates?: readonly (Weight & { readonly id: string })[]
  readonly elected?: readonly string[]
  readonly alternates?: readonly string[]
  readonly tied?: readonly string[]
}

/** Square centimetres as square metres with two decimals, in text: integers only (never a float in a decision). */
export const m2Text = (cm2: number) =>
  `${countText(Math.floor(cm2 / 10_000))}.${String(cm2 % 10_000)
    .padStart(4, '0')
    .slice(0, 2)} ㎡`

/** A share as a percentage with two decimals, rounded down by integers: 2/3 is 66.66 %, never over the truth. */
export const pctText = (part: number, whole: number) => {
  if (whole <= 0) return '0.00%'
  const basis = Math.floor((part * 10_000) / whole)
  return `${Math.floor(basis / 100)}.${String(basis % 100).padStart(2, '0')}%`
}

// The law's participation threshold (民法典 art. 278) when a result does not carry its rule (an election).
const TWO_THIRDS: Fraction = { num: 2, den: 3, strict: false }

/**
 * 公告: the preliminary or final announcement, per matter the outcome and the figures behind it in ㎡ and %,
 * candidates by their full names, the results bundle's SHA-256 and the audit chain head; on paper one A4 sheet per
 * page (console.css). Everything in words of the catalogue: no code, id or English word in the Chinese text.
 */
export default function AnnouncementPage({ estateId, meetingId }: { estateId: string; meetingId: string }) {
  const state = useConsole(estateId)
  const { c } = state
  const [a] = useLoad(() => fetchAnnouncement(estateId, meetingId), 'announcement', [estateId, meetingId])
  const ok = a?.ok ? a.data : null
  const heading = ok
    ? ok.kind === 'final'
      ? c.announcement.final
      : c.announcement.preliminary
    : c.announcement.preliminary
  return (
    <Frame
      estateId={estateId}
      state={state}
      heading={heading}
      title={ok ? c.announcement.title(ok.meeting.title) : heading}
    >
      <Loaded state={a} c={c}>
        {(ok) => (
          <>
            <p class="no-print">
              <button type="button" class="button" onClick={() => window.print()}>
                {c.announcement.print}
              </button>
            </p>
            <article class="announcement">
              <h2>
                {ok.estate.name} · {heading}
              </h2>
              <p>{c.announcement.meetingLine(ok.meeting.title)}</p>
              <p>
                {c.announcement.window(formatWhen(ok.meeting.opensAt, c), formatEnd(ok.meeting.closesAt, c))}
              </p>
              {ok.publishedAt && <p>{c.announcement.publishedAt(formatWhen(ok.publishedAt, c))}</p>}
              {ok.kind === 'preliminary' && (
                <p>{c.announcement.objectionsEnd(formatEnd(ok.objectionsEndAt, c))}</p>
              )}
              {ok.matters.map((x, i) => (
                <MatterSection key={x.id} x={x} n={i + 1} c={c} />
              ))}
              <dl class="facts">
                <div>
                  <dt>{c.announcement.bundle}</dt>
                  <dd class="hash">{ok.bundleSha256}</dd>
                </div>
                <div>
                  <dt>{c.announcement.auditHead}</dt>
                  <dd class="hash">{ok.auditHead}</dd>
                </div>
              </dl>
            </article>
          </>
        )}
      </Loaded>
    </Frame>
  )
}

function MatterSection({ x, n, c }: { x: Matter; n: number; c: C }) {
  const r = x.result as Result
  const w = (v: Weight) => c.announcement.weight(countText(v.heads), m2Text(v.areaCm2))
  const need = (f: Fraction) => c.announcement.need(f.num, f.den, f.strict)
  const names = new Map(('candidates' in x && x.candidates ? x.candidates : []).map((k) => [k.id, k.name]))
  const nameOf = (id: string) => names.get(id) ?? '—'
  const p = r.participation
  const took = r.rule?.participation ?? TWO_THIRDS
  const list = (v: readonly string[] | undefined) => (v ?? []).join(c.listSeparator)
  return (
    <section class="matter">
      <h3>
        {n}. {x.title}
      </h3>
      <p>
        <strong>{c.announcement.outcome[x.outcome] ?? c.announcement.outcomeOther}</strong>
      </p>
      <p>{c.announcement.electorate(m2Text(r.electorate.areaCm2), countText(r.electorate.heads))}</p>
      <p>
        {c.announcement.participation(
          m2Text(p.areaCm2),
          pctText(p.areaCm2, r.electorate.areaCm2),
          countText(p.heads),
          pctText(p.heads, r.electorate.heads),
          need(took),
        )}
      </p>
      {r.tally && r.rule && (
        <>
          <p>
            {c.announcement.approval(
              m2Text(r.tally.yes.areaCm2),
              pctText(r.tally.yes.areaCm2, p.areaCm2),
              countText(r.tally.yes.heads),
              pctText(r.tally.yes.heads, p.heads),
              need(r.rule.approval),
            )}
          </p>
          <p>{c.announcement.tally(w(r.tally.yes), w(r.tally.no), w(r.tally.abstain), w(r.tally.invalid))}</p>
        </>
      )}
      {r.candidates && (
        <ul>
          {r.candidates.map((k) => (
            <li key={k.id}>
              {c.announcement.candidate(
                nameOf(k.id),
                pctText(k.areaCm2, p.areaCm2),
                pctText(k.heads, p.heads),
                r.elected?.includes(k.id)
                  ? c.announcement.status.elected
                  : r.alternates?.includes(k.id)
                    ? c.announcement.status.alternate
                    : r.tied?.includes(k.id)
                      ? c.announcement.status.tied
                      : c.announcement.status.notElected,
              )}
            </li>
          ))}
        </ul>
      )}
      {'elected' in x && x.elected && x.elected.length > 0 && (
        <p>{c.announcement.labelled(c.announcement.elected, list(x.elected))}</p>
      )}
      {'alternates' in x && x.alternates && x.alternates.length > 0 && (
        <p>{c.announcement.labelled(c.announcement.alternates, list(x.alternates))}</p>
      )}
      {'tied' in x && x.tied && x.tied.length > 0 && (
        <p>{c.announcement.labelled(c.announcement.tied, list(x.tied))}</p>
      )}
      {'vacantSeats' in x && typeof x.vacantSeats === 'number' && x.vacantSeats > 0 && (
        <p>{c.announcement.vacant(x.vacantSeats)}</p>
      )}
    </section>
  )
}
