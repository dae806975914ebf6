import { useState } from 'preact/hooks'
import { useLoad, type Answer } from '../http'
import { useTitle } from '../i18n'
import { useSession } from '../session'
import {
  fetchMySurvey,
  fetchSurvey,
  fetchSurveys,
  respond,
  type Answers,
  type MySurvey,
  type MyVoter,
  type Survey,
} from '../surveys-api'
import { dateText, errorText, useSurveysText, whenText, type S } from '../surveys-text'
import { SurveyForm } from './survey-form'
import { SurveyResults } from './survey-results'

/**
 * `/estates/:estateId/surveys` and `…/surveys/:surveyId`: the owner's satisfaction surveys on the phone (domain
 * §10), one chunk with their own catalogue. The open survey is answered item by item, a low mark with its reason;
 * the receipt code is shown once and kept on this phone (the server cannot tell which response is whose, domain
 * §12); after the window, the results.
 */
export default function SurveysRoutes({ estateId, sub }: { estateId: string; sub?: string }) {
  const id = /^([0-9a-f-]{36})$/.exec(sub ?? '')?.[1]
  if (id) return <SurveyPage estateId={estateId} surveyId={id} />
  return <SurveyList estateId={estateId} />
}

const surveyPath = (estateId: string, id: string) =>
  `/estates/${encodeURIComponent(estateId)}/surveys/${encodeURIComponent(id)}`

function SurveyList({ estateId }: { estateId: string }) {
  const s = useSurveysText()
  useTitle(s.owner.heading)
  const [list] = useLoad(() => fetchSurveys(estateId), [estateId])
  // The open one first, then those to come, then the closed ones (latest first, as the server lists them).
  const order = ['open', 'upcoming', 'closed', 'draft']
  return (
    <section class="surveys">
      <h1 tabIndex={-1}>{s.owner.heading}</h1>
      {list === null ? (
        <p role="status">{s.loading}</p>
      ) : !list.ok ? (
        <p class="problem" role="alert">
          {errorText(list.code, s)}
        </p>
      ) : list.data.surveys.length === 0 ? (
        <p class="empty">{s.owner.none}</p>
      ) : (
        <ul class="cards">
          {[...list.data.surveys]
            .sort((a, b) => order.indexOf(a.phase) - order.indexOf(b.phase))
            .map((x) => (
              <li key={x.id} class="unit survey-card">
                <h2>
                  <a href={surveyPath(estateId, x.id)}>{x.title}</a>
                </h2>
                <p>
                  <span class={`phase ${x.phase}`}>{s.phases[x.phase]}</span> {windowText(x, s)}
                </p>
                <p class="links">
                  <a class="button wide" href={surveyPath(estateId, x.id)}>
                    {x.phase === 'open'
                      ? s.owner.answer
                      : x.phase === 'closed'
                        ? s.owner.results
                        : s.owner.view}
                  </a>
                </p>
              </li>
            ))}
        </ul>
      )}
    </section>
  )
}

const windowText = (x: Pick<Survey, 'opensOn' | 'closesOn'>, s: S) =>
  s.window(dateText(x.opensOn, s), dateText(x.closesOn, s))

function SurveyPage({ estateId, surveyId }: { estateId: string; surveyId: string }) {
  const s = useSurveysText()
  const [view] = useLoad(() => fetchSurvey(estateId, surveyId), [estateId, surveyId])
  const survey = view?.ok ? view.data.survey : null
  useTitle(survey?.title ?? s.owner.heading)
  return (
    <section class="survey">
      <p>
        <a href={`/estates/${encodeURIComponent(estateId)}/surveys`}>{s.owner.back}</a>
      </p>
      {view === null ? (
        <p role="status">{s.loading}</p>
      ) : !view.ok || !survey ? (
        <p class="problem" role="alert">
          {errorText(view.ok ? 'unexpected' : view.code, s)}
        </p>
      ) : (
        <>
          <h1 tabIndex={-1}>{survey.title}</h1>
          <p>
            <span class={`phase ${survey.phase}`}>{s.phases[survey.phase]}</span> {windowText(survey, s)}
          </p>
          {survey.phase === 'closed' ? (
            <SurveyResults estateId={estateId} surveyId={surveyId} s={s} />
          ) : (
            <Answering estateId={estateId} survey={survey} s={s} />
          )}
        </>
      )}
    </section>
  )
}

/** The receipt is the phone's alone to keep: nothing on the server links it to the voter. */
const receiptKey = (surveyId: string, voter: string) => `gongjue.survey.${surveyId}.${voter}`
function keptReceipt(surveyId: string, voter: string): string | null {
  try {
    return localStorage.getItem(receiptKey(surveyId, voter))
  } catch {
    return null // private browsing: the receipt was shown once
  }
}
function keepReceipt(surveyId: string, voter: string, receipt: string) {
  try {
    localStorage.setItem(receiptKey(surveyId, voter), receipt)
  } catch {
    // See keptReceipt.
  }
}

function Answering({ estateId, survey, s }: { estateId: string; survey: Survey; s: S }) {
  const session = useSession().state.value
  const signedIn = session.status === 'signed_in'
  const [mine, reload] = useLoad<Answer<MySurvey | null>>(
    () =>
      signedIn
        ? fetchMySurvey(estateId, survey.id)
        : Promise.resolve({ ok: true as const, status: 200, data: null }),
    [estateId, survey.id, signedIn],
  )
  if (session.status === 'loading' || mine === null) return <p role="status">{s.loading}</p>
  if (!signedIn)
    return (
      <p>
        <a class="button wide" href={`/signin?next=${encodeURIComponent(location.pathname)}`}>
          {s.owner.signIn}
        </a>
      </p>
    )
  if (!mine.ok)
    return (
      <p class="problem" role="alert">
        {errorText(mine.code, s)}
      </p>
    )
  const voters = mine.data?.voters ?? []
  return (
    <>
      <p class="note">{s.owner.anonymous}</p>
      {survey.phase === 'upcoming' && <p class="notice">{s.owner.upcoming}</p>}
      {voters.length === 0 && <p>{s.owner.notHeld}</p>}
      {voters.map((v) => (
        <VoterPart key={v.voter} estateId={estateId} survey={survey} v={v} s={s} onChange={reload} />
      ))}
    </>
  )
}

function VoterPart(props: { estateId: string; survey: Survey; v: MyVoter; s: S; onChange: () => void }) {
  const { estateId, survey, v, s } = props
  const units = v.units.join(s.listSeparator)
  const [receipt, setReceipt] = useState<string | null>(() => keptReceipt(survey.id, v.voter))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  async function submit(answers: Answers) {
    setBusy(true)
    setError(null)
    const r = await respond(estateId, survey.id, v.voter, answers)
    setBusy(false)
    if (r.ok) {
      keepReceipt(survey.id, v.voter, r.data.receipt)
      setReceipt(r.data.receipt)
      props.onChange()
    } else {
      setError(errorText(r.code, s))
      if (r.code === 'survey_already_answered') props.onChange()
    }
  }
  return (
    <article class="survey-voter" aria-labelledby={`voter-${v.voter}`}>
      <h2 id={`voter-${v.voter}`}>{s.owner.respondFor(units)}</h2>
      {error && (
        <p class="problem" role="alert">
          {error}
        </p>
      )}
      {v.responded ? (
        <>
          <p class="voted">
            {(v.channel === 'paper' ? s.owner.answeredPaper : s.owner.answered)(
              units,
              v.respondedAt ? whenText(v.respondedAt, s) : '',
            )}
          </p>
          {receipt && (
            <div class="receipt-box" role="status">
              <h3>{s.owner.receiptHeading}</h3>
              <p>{s.owner.receiptCode}</p>
              <p>
                <code class="receipt-code">{receipt}</code>
              </p>
              <p class="note">{s.owner.receiptNote}</p>
              <p class="note">{s.owner.receiptLost}</p>
            </div>
          )}
        </>
      ) : v.blocked ? (
        <p class="notice">{errorText(v.blocked, s)}</p>
      ) : survey.phase === 'open' ? (
        <SurveyForm
          id={`survey-${v.voter}`}
          questionnaire={survey.questionnaire}
          s={s}
          submit={s.owner.submit}
          busy={busy}
          onSubmit={(a) => void submit(a)}
        />
      ) : null}
    </article>
  )
}
