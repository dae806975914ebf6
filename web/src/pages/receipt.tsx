// The receipt page lives with the meeting page: one chunk for the owner's whole voting path (see meeting.tsx).
export { ReceiptPage as default } from './meeting'
