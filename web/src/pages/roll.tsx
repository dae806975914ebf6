import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { lazy, useLocation } from 'preact-iso'
import { rollCsvUrl, type RollUnit } from '../api'
import { Problem } from '../components/problem'
import { formatCount, groupDigits, useI18n, useTitle, type Catalogue } from '../i18n'
import { useObserve } from '../observable'
import { useSession } from '../session'
import { PAGE_SIZE, createRollStore, type ListState, type RollFilter, type RollSummary } from './roll-store'

// Signed-in owners of this estate may object; everyone else never loads the form.
const RollObjection = lazy(() => import('./roll-objection'))

// Typing a unit number fires one request when the reader pauses, not one per key.
const SEARCH_PAUSE_MS = 400

/** 公示名册: the published roll of one estate (domain.md §3 "Roll publicity"). */
export default function RollPage({ id }: { id: string }) {
  const { t } = useI18n()
  const { path, query, route } = useLocation()
  const store = useMemo(() => createRollStore(id), [id])
  useEffect(() => () => store.dispose(), [store])

  // The filter lives in the address, so a reload, a shared link or "back" shows the same units.
  const building = query['building'] ?? ''
  const q = query['q'] ?? ''
  useEffect(() => {
    void store.load({ building, q })
  }, [store, building, q])

  const setFilter = (next: RollFilter) => {
    const params = new URLSearchParams()
    if (next.building) params.set('building', next.building)
    if (next.q) params.set('q', next.q)
    const search = params.toString()
    route(search ? `${path}?${search}` : path, true)
  }

  useObserve(store.summary, store.list)
  const summary = store.summary.value
  const list = store.list.value
  const session = useSession().state.value
  const owner = session.status === 'signed_in' && session.me.owner?.estate.id === id ? session.me.owner : null
  const c = t.value.roll
  useTitle(summary ? c.title(summary.estate.name) : c.heading)

  return (
    <>
      {summary && <p class="estate-name">{summary.estate.name}</p>}
      <h1 tabIndex={-1}>{c.heading}</h1>
      {!summary && list.status === 'failed' ? (
        <Problem error={list.error} onRetry={() => void store.retry()} />
      ) : (
        <div class="notice">
          <p>{c.purpose}</p>
          <p>{c.objection}</p>
          <p>
            <a href={`/estates/${encodeURIComponent(id)}/formation`}>{c.formationLink}</a>
          </p>
        </div>
      )}
      {summary ? (
        <>
          <Totals summary={summary} t={t.value} />
          <p class="download">
            {/* A named download: preact-iso leaves such links to the browser instead of routing them. */}
            <a class="button secondary" href={rollCsvUrl(id)} download={`roll-${id}.csv`}>
              {c.download}
            </a>
            <span class="hint">{c.downloadHint}</span>
          </p>
          <Filters summary={summary} filter={{ building, q }} onChange={setFilter} t={t.value} />
          <UnitList
            list={list}
            t={t.value}
            onMore={() => void store.loadMore()}
            onRetry={() => void store.retry()}
          />
          {owner && <RollObjection owner={owner} />}
        </>
      ) : (
        list.status === 'loading' && <p role="status">{t.value.loading}</p>
      )}
    </>
  )
}

function Totals({ summary, t }: { summary: RollSummary; t: Catalogue }) {
  const c = t.roll
  const { totals } = summary
  return (
    <section class="totals" aria-labelledby="totals-heading">
      <h2 id="totals-heading">{c.totalsHeading}</h2>
      <dl>
        <div>
          <dt>{c.totalUnits}</dt>
          <dd>{formatCount(totals.units)}</dd>
        </div>
        <div>
          <dt>{c.totalHeads}</dt>
          <dd>{formatCount(totals.heads)}</dd>
        </div>
        <div class="wide">
          <dt>{c.totalArea}</dt>
          <dd>{c.area(groupDigits(totals.area))}</dd>
        </div>
        <div class="wide">
          <dt>{c.parking}</dt>
          <dd class="plain">{totals.countParking ? c.parkingCounted : c.parkingNotCounted}</dd>
        </div>
      </dl>
      <p class="note">{c.headsNote}</p>
    </section>
  )
}

interface FiltersProps {
  summary: RollSummary
  filter: RollFilter
  onChange: (filter: RollFilter) => void
  t: Catalogue
}

function Filters({ summary, filter, onChange, t }: FiltersProps) {
  const c = t.roll
  const [text, setText] = useState(filter.q)
  const input = useRef<HTMLInputElement>(null)
  const timer = useRef<ReturnType<typeof setTimeout>>()
  useEffect(() => () => clearTimeout(timer.current), [])
  // "Back" changes the search in the address: show it, unless the reader is typing in the box right now.
  useEffect(() => {
    if (document.activeElement !== input.current) setText(filter.q)
  }, [filter.q])

  const search = (value: string) => {
    clearTimeout(timer.current)
    const q = value.trim()
    if (q !== filter.q) onChange({ building: filter.building, q })
  }

  return (
    <form
      class="filters"
      role="search"
      aria-labelledby="filters-heading"
      onSubmit={(e) => {
        e.preventDefault()
        search(text)
      }}
    >
      <h2 id="filters-heading">{c.filterHeading}</h2>
      <div class="field">
        <label for="building">{c.building}</label>
        <select
          id="building"
          value={filter.building}
          onChange={(e) => onChange({ building: e.currentTarget.value, q: text.trim() })}
        >
          <option value="">{c.allBuildings}</option>
          {summary.buildings.map((b) => (
            <option key={b.name} value={b.name}>
              {c.buildingOption(b.name, b.units)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="unit-search">{c.search}</label>
        <p class="hint" id="unit-search-hint">
          {c.searchHint}
        </p>
        <div class="search-row">
          <input
            id="unit-search"
            ref={input}
            type="search"
            value={text}
            aria-describedby="unit-search-hint"
            enterKeyHint="search"
            autoComplete="off"
            autoCapitalize="off"
            spellcheck={false}
            maxLength={100}
            onInput={(e) => {
              const value = e.currentTarget.value
              setText(value)
              clearTimeout(timer.current)
              timer.current = setTimeout(() => search(value), SEARCH_PAUSE_MS)
            }}
          />
          <button type="submit" class="button">
            {c.searchButton}
          </button>
        </div>
      </div>
    </form>
  )
}

interface UnitListProps {
  list: ListState
  t: Catalogue
  onMore: () => void
  onRetry: () => void
}

function UnitList({ list, t, onMore, onRetry }: UnitListProps) {
  const c = t.roll
  const listRef = useRef<HTMLUListElement>(null)
  // After "show more", focus moves to the first newly shown unit, so keyboard and screen-reader users
  // continue where the new units start rather than stay on a button that has moved down the page.
  const focusFrom = useRef<number | null>(null)
  const shown = list.status === 'ready' ? list.units.length : 0
  const showMore = () => {
    focusFrom.current = shown
    onMore()
  }
  useEffect(() => {
    const from = focusFrom.current
    if (from === null || shown <= from) return
    focusFrom.current = null
    listRef.current?.querySelectorAll<HTMLElement>(':scope > li')[from]?.focus()
  }, [shown])

  return (
    <section class="units" aria-labelledby="units-heading">
      <h2 id="units-heading">{c.unitsHeading}</h2>
      <p class="matched" role="status">
        {list.status === 'ready'
          ? c.matched(formatCount(list.matched), formatCount(list.units.length))
          : list.status === 'loading'
            ? t.loading
            : ''}
      </p>
      {list.status === 'failed' && <Problem error={list.error} onRetry={onRetry} />}
      {list.status === 'ready' && list.matched === 0 && <p class="empty">{c.noMatch}</p>}
      {list.status === 'ready' && list.units.length > 0 && (
        <ul class="unit-list" ref={listRef}>
          {list.units.map((u) => (
            <UnitItem key={u.number} unit={u} t={t} />
          ))}
        </ul>
      )}
      {list.status === 'ready' && typeof list.more === 'object' && (
        <Problem error={list.more.error} onRetry={showMore} />
      )}
      {list.status === 'ready' && list.units.length < list.matched && typeof list.more !== 'object' && (
        <button type="button" class="button more" disabled={list.more === 'loading'} onClick={showMore}>
          {list.more === 'loading'
            ? t.loading
            : c.loadMore(Math.min(PAGE_SIZE, list.matched - list.units.length))}
        </button>
      )}
    </section>
  )
}

function UnitItem({ unit, t }: { unit: RollUnit; t: Catalogue }) {
  const c = t.roll
  return (
    <li class="unit" tabIndex={-1}>
      <p class="unit-head">
        <span class="unit-number">{unit.number}</span>
        <span class="tag">{c.kind[unit.kind]}</span>
      </p>
      <dl>
        <div>
          <dt>{c.unitBuilding}</dt>
          <dd>{unit.building}</dd>
        </div>
        <div>
          <dt>{c.unitArea}</dt>
          <dd>{c.areaWithSource(groupDigits(unit.area), c.areaSource[unit.areaSource])}</dd>
        </div>
        <div>
          <dt>{c.unitOwners}</dt>
          <dd>
            {unit.developerHeld ? (
              <span class="tag developer">{c.developer}</span>
            ) : (
              unit.owners.join(t.listSeparator)
            )}
          </dd>
        </div>
      </dl>
    </li>
  )
}
