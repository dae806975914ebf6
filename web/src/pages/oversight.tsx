import { useMemo, useState } from 'preact/hooks'
import { Table, type Column } from '../console/table'
import './oversight.css'
import { OversightChart } from './oversight-chart'
import { useLoad } from '../http'
import { formatCount, useI18n, useTitle } from '../i18n'
import oversightEn from '../i18n/oversight-en'
import oversightZhCN, { type OversightCatalogue } from '../i18n/oversight-zh-CN'
import {
  exportUrl,
  fetchOverview,
  type Figure,
  type Overview,
  type OversightDistrict,
  type OversightEstate,
} from '../oversight-api'

/**
 * `/oversight`: the street office's and the district office's page over the estates of their area (domain §11) —
 * the district figures with the estates behind each, and one row per estate: its committee's standing, the
 * formation's clocks, meetings in progress by turnout (never a choice), disclosures overdue, the latest survey,
 * a filing pending and whether it operates to standard. Filtered and sorted here, exported by the server.
 */
type O = OversightCatalogue

function useOversightText(): O {
  return useI18n().locale.value === 'en' ? oversightEn : oversightZhCN
}

/** count / of as a percent with one decimal, from integers (display only: the server compares exactly). */
export function percentText(count: number, of: number): string {
  if (of === 0) return '—'
  const tenths = Math.round((count * 1000) / of)
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`
}

const dateText = (date: string, o: O) => {
  const d = new Date(`${date}T12:00:00+08:00`)
  if (Number.isNaN(d.getTime())) return date
  return new Intl.DateTimeFormat(o.dateLocale, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(d)
}

const whenText = (iso: string, o: O) =>
  new Intl.DateTimeFormat(o.dateLocale, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso))

type Only = 'all' | 'notStandard' | 'overdue' | 'termEnding' | 'forming'
type Sort = 'byName' | 'byOverdue' | 'byTermEnd'

const ONLY: Readonly<Record<Only, (e: OversightEstate) => boolean>> = {
  all: () => true,
  notStandard: (e) => !e.standard.ok,
  overdue: (e) => e.overdue.length > 0,
  termEnding: (e) => e.standing.state === 'term_ending' || e.standing.state === 'expired',
  forming: (e) => e.standing.state === 'forming',
}

const worstOverdue = (e: OversightEstate) => e.overdue.reduce((m, d) => Math.max(m, d.days), 0)

export default function OversightPage() {
  const o = useOversightText()
  useTitle(o.heading)
  const [answer] = useLoad(() => fetchOverview(), [])
  return (
    <section class="oversight">
      <h1 tabIndex={-1}>{o.heading}</h1>
      {answer === null ? (
        <p role="status">{o.loading}</p>
      ) : !answer.ok ? (
        <p class="problem" role="alert">
          {o.errors[answer.code] ?? o.errors.unexpected}
        </p>
      ) : answer.data.estates.length === 0 ? (
        <p class="empty">{o.none}</p>
      ) : (
        <OverviewView o={o} data={answer.data} />
      )}
    </section>
  )
}

function OverviewView({ o, data }: { o: O; data: Overview }) {
  const [office, setOffice] = useState('')
  const [only, setOnly] = useState<Only>('all')
  const [name, setName] = useState('')
  const [sort, setSort] = useState<Sort>('byName')
  /** The estates behind a figure the reader chose to see, with what they are. */
  const [behind, setBehind] = useState<{ label: string; ids: readonly string[] } | null>(null)
  const rows = useMemo(() => {
    const chosen = behind ? new Set(behind.ids) : null
    const shown = data.estates.filter(
      (e) =>
        (office === '' || e.streetOffice.id === office) &&
        ONLY[only](e) &&
        (name.trim() === '' || e.name.includes(name.trim())) &&
        (!chosen || chosen.has(e.estateId)),
    )
    const collator = new Intl.Collator(o.dateLocale, { numeric: true })
    return [...shown].sort((a, b) =>
      sort === 'byOverdue'
        ? worstOverdue(b) - worstOverdue(a) || collator.compare(a.name, b.name)
        : sort === 'byTermEnd'
          ? (a.term?.endsOn ?? '9999').localeCompare(b.term?.endsOn ?? '9999') ||
            collator.compare(a.name, b.name)
          : collator.compare(a.name, b.name),
    )
  }, [data, office, only, name, sort, behind, o])
  const query = office ? { streetOffice: office } : {}
  return (
    <>
      <p class="muted">{o.generated(whenText(data.generatedAt, o))}</p>
      {data.districts.map((d) => (
        <Figures key={d.id} o={o} district={d} onShow={setBehind} />
      ))}
      <form class="oversight-filters" aria-label={o.filters.label} onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="oversight-office">{o.filters.streetOffice}</label>
          <select id="oversight-office" value={office} onChange={(e) => setOffice(e.currentTarget.value)}>
            <option value="">{o.filters.anyOffice}</option>
            {data.streetOffices.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="oversight-only">{o.filters.only}</label>
          <select id="oversight-only" value={only} onChange={(e) => setOnly(e.currentTarget.value as Only)}>
            {(Object.keys(ONLY) as Only[]).map((k) => (
              <option key={k} value={k}>
                {o.filters[k]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="oversight-name">{o.filters.search}</label>
          <input
            id="oversight-name"
            type="search"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="oversight-sort">{o.filters.sort}</label>
          <select id="oversight-sort" value={sort} onChange={(e) => setSort(e.currentTarget.value as Sort)}>
            {(['byName', 'byOverdue', 'byTermEnd'] as const).map((k) => (
              <option key={k} value={k}>
                {o.filters[k]}
              </option>
            ))}
          </select>
        </div>
      </form>
      <p role="status">
        {o.filters.shown(formatCount(rows.length), formatCount(data.estates.length))}
        {behind && (
          <>
            {' '}
            {o.filters.filtered(behind.label)}{' '}
            <button type="button" class="button secondary" onClick={() => setBehind(null)}>
              {o.filters.clear}
            </button>
          </>
        )}
      </p>
      <EstateTable o={o} rows={rows} />
      <p class="links" aria-label={o.exports.label}>
        <a class="button secondary" href={exportUrl('csv', query)} download>
          {o.exports.csv}
        </a>{' '}
        <a class="button secondary" href={exportUrl('xlsx', query)} download>
          {o.exports.xlsx}
        </a>
      </p>
    </>
  )
}

function Figures({
  o,
  district,
  onShow,
}: {
  o: O
  district: OversightDistrict
  onShow: (b: { label: string; ids: readonly string[] }) => void
}) {
  const f = district.figures
  const items: [string, string, Figure, number][] = [
    [o.figures.formation, o.figures.formationOf, f.formation, district.targets.formationPercent],
    [o.figures.standard, o.figures.standardOf, f.standard, district.targets.standardPercent],
    [o.figures.satisfaction, o.figures.satisfactionOf, f.satisfaction, district.targets.satisfactionPercent],
  ]
  const headingId = `figures-${district.id}`
  return (
    <section class="oversight-figures" aria-labelledby={headingId}>
      <h2 id={headingId}>{o.figures.heading(district.name)}</h2>
      <ul class="cards">
        {items.map(([label, of, fig, target]) => (
          <li
            key={label}
            class={`unit figure ${fig.meetsTarget === false ? 'bad' : fig.meetsTarget ? 'ok' : ''}`}
          >
            <h3>{label}</h3>
            <p class="figure-value">
              {fig.of === 0
                ? o.figures.noEstates
                : o.figures.value(
                    formatCount(fig.count),
                    formatCount(fig.of),
                    percentText(fig.count, fig.of),
                  )}
            </p>
            <p class="muted">{of}</p>
            <p>
              {o.figures.target(`${target}%`)} ·{' '}
              <strong>
                {fig.meetsTarget === null ? '—' : fig.meetsTarget ? o.figures.met : o.figures.notMet}
              </strong>
            </p>
            <p class="links">
              {fig.count > 0 && (
                <button
                  type="button"
                  class="button secondary"
                  onClick={() => onShow({ label, ids: fig.estates })}
                >
                  {o.figures.showEstates(formatCount(fig.count))}
                </button>
              )}{' '}
              {fig.others.length > 0 && (
                <button
                  type="button"
                  class="button secondary"
                  onClick={() => onShow({ label, ids: fig.others })}
                >
                  {o.figures.showOthers(formatCount(fig.others.length))}
                </button>
              )}
            </p>
          </li>
        ))}
      </ul>
      <OversightChart o={o} district={district} />
    </section>
  )
}

function committeeText(e: OversightEstate, o: O): string {
  const s = e.standing
  const parts = [o.standing[s.state] ?? s.state]
  if (s.state === 'forming' || s.state === 'none') parts.push(o.stages[e.formationStage] ?? e.formationStage)
  if (e.term) parts.push(o.termEnds(dateText(e.term.endsOn, o)))
  if (s.state === 'term_ending' && 'monthsLeft' in s) parts.push(o.monthsLeft(formatCount(s.monthsLeft)))
  if (e.vacantSeats) parts.push(o.vacant(formatCount(e.vacantSeats)))
  for (const c of e.clocks) if (c.status === 'overdue') parts.push(o.clockOverdue(o.clocks[c.name] ?? c.name))
  return parts.join(o.listSeparator)
}

function EstateTable({ o, rows }: { o: O; rows: readonly OversightEstate[] }) {
  const columns: Column<OversightEstate>[] = [
    { header: o.table.estate, rowHeader: true, cell: (e) => e.name },
    { header: o.table.office, cell: (e) => e.streetOffice.name },
    { header: o.table.committee, cell: (e) => committeeText(e, o) },
    {
      header: o.table.meetings,
      cell: (e) =>
        e.meetings
          .map((m) => o.turnout(m.title, percentText(m.voted.heads, m.electorate.heads)))
          .join(o.listSeparator),
    },
    {
      header: o.table.overdue,
      class: (e) => (e.overdue.length > 0 ? 'bad' : ''),
      cell: (e) =>
        e.overdue
          .map((d) => o.overdueDays(o.kinds[d.kind] ?? d.kind, formatCount(d.days)))
          .join(o.listSeparator),
    },
    {
      header: o.table.survey,
      cell: (e) =>
        e.latestSurvey ? o.survey(dateText(e.latestSurvey.closesOn, o), e.latestSurvey.passed) : o.noSurvey,
    },
    { header: o.table.filing, cell: (e) => (e.filingPending ? o.filingPending : '') },
    {
      header: o.table.standard,
      class: (e) => (e.standard.ok ? 'ok' : 'bad'),
      cell: (e) =>
        e.standard.ok
          ? o.yes
          : o.noBecause(e.standard.failures.map((f) => o.failures[f] ?? f).join(o.listSeparator)),
    },
  ]
  return (
    <Table
      rows={rows}
      columns={columns}
      rowKey={(e) => e.estateId}
      caption={o.table.caption}
      class="oversight"
      scrollLabel={o.table.region}
    />
  )
}
