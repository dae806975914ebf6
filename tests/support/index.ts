export * from './db'
export * from './roll-files'
