import { useEffect, useRef } from 'preact/hooks'
import { fetchMeeting } from '../api'
import { Frame, useConsole } from '../frame'
import { Loaded, useLoad } from '../load'
import { Agenda } from './agenda'
import { Attachments } from './attachments'
import { MeetingAudit } from './audit'
import { CalendarCheck } from './calendar-check'
import { Mismatches } from './entries'
import { Extension } from './extension'
import { Facts } from './facts'
import { Notice } from './notice'
import { Objections } from './objections'
import { Proxies } from './proxies'
import { Requests } from './requests'
import { Results } from './results'
import { Service } from './service'
import { SignOff } from './sign-off'
import { MeetingStatus } from './status'
import { TurnoutPanel, useTurnout } from './turnout'

/**
 * One meeting in the console, composed of its sections (a file each beside this one). Conveners see the work the
 * meeting's status allows (notice, extension, paper ballots, proxies, service, requests, results); supervisors see
 * the same facts read-only, the calendar check, the meeting's audit entries, and may sign off or object — nothing
 * else is offered to them.
 */
export default function ConsoleMeeting({ estateId, meetingId }: { estateId: string; meetingId: string }) {
  const state = useConsole(estateId)
  const { c, role } = state
  const [meeting, reload] = useLoad(() => fetchMeeting(estateId, meetingId), 'meeting', [estateId, meetingId])
  const m = meeting?.ok ? meeting.data : null
  const turnout = useTurnout(estateId, meetingId, m !== null && m.status !== 'draft')
  // The meeting clock moves the meeting on while the page is open (the close, the tally): the live turnout says
  // so first, and the page reads the meeting again once for each status it reports.
  const seen = useRef('')
  const streamed = turnout.t?.status
  useEffect(() => {
    if (m && streamed && streamed !== m.status && streamed !== seen.current) {
      seen.current = streamed
      reload()
    }
  }, [streamed, m?.status])
  const convener = role === 'convener'
  const base = `/console/${encodeURIComponent(estateId)}/meetings/${encodeURIComponent(meetingId)}`
  const after = m ? ['closed', 'preliminary', 'final'].includes(m.status) : false
  return (
    <Frame
      estateId={estateId}
      state={state}
      heading={m?.title ?? c.meetings.name}
      title={m ? c.meeting.title(m.title) : c.meetings.name}
    >
      <Loaded state={meeting} c={c}>
        {(m) => (
          <>
            <Facts m={m} c={c} />
            <MeetingStatus
              estateId={estateId}
              m={m}
              turnout={turnout}
              c={c}
              convener={convener}
              onDone={reload}
            />
            {!convener && <CalendarCheck m={m} c={c} />}
            <Agenda m={m} c={c} />
            {convener && m.status === 'draft' && (
              <>
                <p>
                  <a class="button secondary" href={`${base}/edit`}>
                    {c.meeting.edit}
                  </a>
                </p>
                <Attachments estateId={estateId} m={m} c={c} />
                <Notice estateId={estateId} m={m} c={c} onDone={reload} />
              </>
            )}
            {m.status !== 'draft' && <TurnoutPanel turnout={turnout} c={c} />}
            {convener && m.status === 'open' && <Extension estateId={estateId} m={m} c={c} onDone={reload} />}
            {/* While counting, the status section above leads to the paper entry. */}
            {convener && (m.status === 'noticed' || m.status === 'open') && (
              <p>
                <a class="button" href={`${base}/paper`}>
                  {c.meeting.paperLink}
                </a>
              </p>
            )}
            {m.status !== 'draft' && <Mismatches estateId={estateId} meetingId={meetingId} c={c} />}
            {m.status !== 'draft' && (
              <Proxies
                estateId={estateId}
                m={m}
                c={c}
                canEdit={convener && (m.status === 'noticed' || m.status === 'open')}
              />
            )}
            {convener && (m.status === 'noticed' || m.status === 'open') && (
              <Service estateId={estateId} m={m} c={c} />
            )}
            {m.status !== 'draft' && (
              <Requests estateId={estateId} meetingId={meetingId} c={c} canHandle={convener} />
            )}
            {after && <Results estateId={estateId} m={m} c={c} convener={convener} onDone={reload} />}
            {after && <Objections estateId={estateId} meetingId={meetingId} c={c} canAnswer={convener} />}
            {!convener && <SignOff estateId={estateId} m={m} c={c} />}
            {!convener && <MeetingAudit estateId={estateId} meetingId={meetingId} c={c} />}
          </>
        )}
      </Loaded>
    </Frame>
  )
}
