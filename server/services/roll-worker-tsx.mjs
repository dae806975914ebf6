// Starts the roll worker from its TypeScript source (tests, `npm run dev`, the scripts). Worker threads do not
// inherit tsx's module hooks from the main thread on Node 20, so they are registered here first; the bundled
// server (npm start) runs dist/server/roll-worker.mjs directly instead.
import { workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
await import(workerData.entry)
