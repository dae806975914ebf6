import { useMemo, useState } from 'preact/hooks'
import { renderSVG } from 'uqr'
import { formatYuan } from '../components/statement-format'
import { fetchBoard, type Board } from '../disclosures-api'
import {
  dayText,
  errorText,
  kindText,
  periodText,
  useDisclosuresText,
  whenText,
  type D,
} from '../disclosures-text'
import { useLoad } from '../http'
import { useTitle } from '../i18n'
import { DueText, FeeTable } from './disclosures'
import './disclosures.css'
import './disclosure-board.css'

/**
 * `/estates/:estateId/board`: the supervision board (公示牌, 上海; domain §9), a printable A4 or A3 page made from the
 * current public disclosures — the property company, its contract term, standard, fee items and rates, the
 * supervision hotline, the latest maintenance-fund and common-income balances, what is due or overdue — with a QR
 * code to the estate's disclosures. Public; its own chunk, for it carries the QR encoder.
 */
export default function BoardPage({ estateId }: { estateId: string }) {
  const d = useDisclosuresText()
  const [board] = useLoad(() => fetchBoard(estateId), [estateId])
  const [size, setSize] = useState<'a4' | 'a3'>('a4')
  const b = board?.ok ? board.data : null
  useTitle(b ? d.board.heading(b.estate.name) : d.board.title)
  const disclosures = `/estates/${encodeURIComponent(estateId)}/disclosures`
  return (
    <div class={`board-page ${size}`}>
      <div class="board-tools no-print">
        <p>
          <a href={disclosures}>{d.board.back}</a>
        </p>
        <fieldset class="board-size">
          <legend>{d.board.size}</legend>
          {(['a4', 'a3'] as const).map((x) => (
            <label key={x}>
              <input
                type="radio"
                name="board-size"
                value={x}
                checked={size === x}
                onChange={() => setSize(x)}
              />{' '}
              {d.board[x]}
            </label>
          ))}
        </fieldset>
        <button type="button" class="button" onClick={() => window.print()}>
          {d.board.print}
        </button>
      </div>
      {board === null ? (
        <p role="status">{d.loading}</p>
      ) : !b ? (
        <p class="problem" role="alert">
          {errorText(board.ok ? 'unexpected' : board.code, d)}
        </p>
      ) : (
        <BoardSheet b={b} d={d} url={`${location.origin}${disclosures}`} />
      )}
    </div>
  )
}

function Balance({ label, x, d }: { label: string; x: Board['maintenanceFund']; d: D }) {
  return (
    <div class="balance">
      <dt>{label}</dt>
      {x ? (
        <dd>
          <strong class="amount" data-testid="board-balance">
            {formatYuan(x.closingFen)}
          </strong>
          {x.period && <span class="note">{d.board.balanceAt(dayText(x.period.end, d))}</span>}
        </dd>
      ) : (
        <dd class="note">{d.board.noBalance}</dd>
      )}
    </div>
  )
}

function BoardSheet({ b, d, url }: { b: Board; d: D; url: string }) {
  // The QR code carries the link printed beside it; a quiet zone of 4 modules, as the standard asks.
  const qr = useMemo(() => renderSVG(url, { ecc: 'M', border: 4 }), [url])
  const facts = b.contract?.facts ?? null
  return (
    <article class="board">
      <header class="board-head">
        <h1 tabIndex={-1}>{d.board.heading(b.estate.name)}</h1>
        <p class="note">{d.board.generatedAt(whenText(b.generatedAt, d))}</p>
      </header>
      <section aria-labelledby="board-contract">
        <h2 id="board-contract">{d.board.contract}</h2>
        {facts ? (
          <>
            <dl class="board-facts">
              <div>
                <dt>{d.version.company}</dt>
                <dd>{facts.company}</dd>
              </div>
              <div>
                <dt>{d.version.contractTerm}</dt>
                <dd>{d.period(dayText(facts.contractStart, d), dayText(facts.contractEnd, d))}</dd>
              </div>
              {facts.serviceStandard && (
                <div>
                  <dt>{d.version.standard}</dt>
                  <dd>{facts.serviceStandard}</dd>
                </div>
              )}
              <div class="hotline">
                <dt>{d.version.hotline}</dt>
                <dd>
                  <strong>{facts.hotline}</strong>
                </dd>
              </div>
            </dl>
            {facts.fees.length > 0 && <FeeTable fees={facts.fees} d={d} />}
          </>
        ) : (
          <p class="note">{d.board.noContract}</p>
        )}
      </section>
      <section aria-labelledby="board-balances">
        <h2 id="board-balances">{d.board.balances}</h2>
        <dl class="board-balances">
          <Balance label={d.board.maintenanceFund} x={b.maintenanceFund} d={d} />
          <Balance label={d.board.commonIncome} x={b.commonIncome} d={d} />
        </dl>
      </section>
      <section aria-labelledby="board-due">
        <h2 id="board-due">{d.board.due}</h2>
        {b.due.length === 0 ? (
          <p class="note">{d.board.noDue}</p>
        ) : (
          <ul class="board-due">
            {b.due.map((k) => (
              <li key={k.kind} class={k.overdueDays > 0 ? 'is-overdue' : undefined}>
                <span class="kind">{kindText(k.kind, d)}</span>
                {k.next?.period && <span class="note"> {periodText(k.next.period, d)}</span>}{' '}
                <DueText k={k} d={d} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <footer class="board-qr">
        <div
          class="qr"
          role="img"
          aria-label={d.board.qrLabel(url)}
          data-testid="board-qr"
          dangerouslySetInnerHTML={{ __html: qr }}
        />
        <div>
          <p>
            <strong>{d.board.qr}</strong>
          </p>
          <p class="url">{url}</p>
        </div>
      </footer>
    </article>
  )
}
