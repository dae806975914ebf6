import { useMemo } from 'preact/hooks'
import { renderSVG } from 'uqr'
import type { IssuedLetters, Letter } from '../api'
import { formatDate, groupDigits } from '../i18n'
import { STAFF_CATALOGUES, type StaffCatalogue } from '../i18n/staff'
import './letters.css'

/**
 * The invitation letters: one A4 page per voter, Chinese first and English beneath whatever language
 * the convener reads the console in, since the letter goes to the owner. Names are masked: letters lie in
 * mailboxes. The codes exist only in the answer that issued them, so these pages are printed from it or never.
 */
export function Letters({ issued }: { issued: IssuedLetters }) {
  return (
    <div class="letters">
      {issued.letters.map((l) => (
        <LetterPage key={l.voterId} estateName={issued.estate.name} letter={l} />
      ))}
    </div>
  )
}

const zhCN = STAFF_CATALOGUES['zh-CN'].letter
const en = STAFF_CATALOGUES.en.letter
type LetterText = StaffCatalogue['letter']

/** A label in both languages, Chinese first: "房屋 Units". */
const both = (pick: (l: LetterText) => string) => `${pick(zhCN)} ${pick(en)}`

function LetterPage({ estateName, letter }: { estateName: string; letter: Letter }) {
  // The QR code carries the same link as the text beneath it; a quiet zone of 4 modules, as the standard asks.
  const qr = useMemo(() => renderSVG(letter.url, { ecc: 'M', border: 4 }), [letter.url])
  const coOwned = letter.owners.length > 1
  return (
    <article class="letter">
      <header class="letter-head">
        <h2 lang="zh-CN">{zhCN.title}</h2>
        <p lang="en" class="letter-title-en">
          {en.title}
        </p>
        <p class="letter-estate">{estateName}</p>
      </header>
      <div class="letter-top">
        <dl class="letter-facts">
          <div>
            <dt>{both((l) => l.units)}</dt>
            <dd>
              <ul class="plain-list">
                {letter.units.map((u) => (
                  <li key={u.number}>{zhCN.unitArea(u.number, groupDigits(u.area))}</li>
                ))}
              </ul>
            </dd>
          </div>
          {letter.units.length > 1 && (
            <div>
              <dt>{both((l) => l.totalArea)}</dt>
              <dd>{zhCN.areaM2(groupDigits(letter.area))}</dd>
            </div>
          )}
          <div>
            <dt>{both((l) => l.owners)}</dt>
            <dd>{zhCN.ownersList(letter.owners)}</dd>
          </div>
        </dl>
        <div
          class="qr"
          role="img"
          aria-label={zhCN.qr(letter.url)}
          dangerouslySetInnerHTML={{ __html: qr }}
        />
      </div>
      <div class="letter-code">
        <p class="letter-label">{both((l) => l.code)}</p>
        <p class="code">{letter.code}</p>
        <p class="letter-label">{both((l) => l.link)}</p>
        <p class="url">{letter.url}</p>
      </div>
      <Instructions l={zhCN} expiresAt={letter.expiresAt} coOwned={coOwned} />
      <Instructions l={en} expiresAt={letter.expiresAt} coOwned={coOwned} />
    </article>
  )
}

/** How to vote, the paper ballot, the expiry date: in one language. */
function Instructions({ l, expiresAt, coOwned }: { l: LetterText; expiresAt: string; coOwned: boolean }) {
  return (
    <section class="letter-text" lang={l.lang}>
      <h3>{l.howHeading}</h3>
      <ol>
        {l.steps.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ol>
      {coOwned && <p>{l.coOwners}</p>}
      <p>
        <strong>{l.paperHeading}</strong> {l.paper}
      </p>
      <p>
        <strong>{l.expires(formatDate(expiresAt, l.dateLocale))}</strong>
      </p>
      <p>{l.secret}</p>
    </section>
  )
}
