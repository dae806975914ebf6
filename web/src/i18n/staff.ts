import type { Locale } from '.'
import staffEn from './staff-en'
import staffZhCN, { type StaffCatalogue } from './staff-zh-CN'

export type { StaffCatalogue }

/** The staff catalogues by locale; a letter uses both, Chinese first. */
export const STAFF_CATALOGUES: Record<Locale, StaffCatalogue> = { 'zh-CN': staffZhCN, en: staffEn }
