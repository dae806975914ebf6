import { CommitteeNoticePage } from './committee'

/** A committee notice's own route (lazy, with the public committee page's chunk). */
export default CommitteeNoticePage
