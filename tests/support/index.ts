export * from './db'
export * from './roll-files'
export * from './auth'
