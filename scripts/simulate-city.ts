/**
 * npm run simulate:city -- --estates N --units-per-estate M [--seed S] --out FILE
 * A city of estates in street offices and districts, for the oversight page (scripts/lib/simulate-city.ts).
 */
import { main } from './cli'
import { simulateCity } from './lib/simulate-city'

await main(simulateCity, { exit: true })
