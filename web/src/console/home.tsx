import { Frame, useConsole } from './frame'

/** 工作台: where a convener or a supervisor starts for one estate. */
export default function ConsoleHome({ estateId }: { estateId: string }) {
  const state = useConsole(estateId)
  const { c } = state
  const base = `/console/${encodeURIComponent(estateId)}`
  return (
    <Frame
      estateId={estateId}
      state={state}
      heading={c.home.heading}
      title={state.estateName ? c.home.title(state.estateName) : c.home.heading}
    >
      <p>{c.home.intro}</p>
      <p class="links">
        <a class="button" href={`${base}/meetings`}>
          {c.nav.meetings}
        </a>
        <a class="button secondary" href={`${base}/committee`}>
          {c.nav.committee}
        </a>
        <a class="button secondary" href={`${base}/disclosures`}>
          {c.nav.disclosures}
        </a>
        <a class="button secondary" href={`${base}/roll`}>
          {c.nav.roll}
        </a>
        <a class="button secondary" href={`${base}/invitations`}>
          {c.nav.invitations}
        </a>
        <a class="button secondary" href={`${base}/people`}>
          {c.nav.people}
        </a>
        <a class="button secondary" href={`${base}/staff`}>
          {c.nav.staff}
        </a>
        <a class="button secondary" href={`${base}/review`}>
          {c.nav.review}
        </a>
        <a class="button secondary" href={`${base}/audit`}>
          {c.nav.audit}
        </a>
        <a class="button secondary" href={`${base}/formation`}>
          {c.nav.formation}
        </a>
      </p>
    </Frame>
  )
}
