// The voting page lives with the meeting page: one chunk for the owner's whole voting path (see meeting.tsx).
export { VotePage as default } from './meeting'
