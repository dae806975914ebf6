import { z } from 'zod'
import { MERGE_TOKEN } from '../services/import-roll'
import { estateParam } from './validate'

/** A page of the published roll, of one building or matching a unit number or a masked name. */
export const rollQuery = z.object({
  building: z.string().min(1).max(100).optional(),
  q: z.string().min(1).max(100).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})
export type RollQuery = z.output<typeof rollQuery>

export const importParam = estateParam.extend({ importId: z.uuid() })

export const mergeToken = z
  .string()
  .regex(MERGE_TOKEN, 'confirmMerges: the 64 hex digits of a merge confirmation token')

export const importQuery = z.object({
  fileName: z.string().min(1).max(200).optional(),
  wait: z.enum(['true', 'false']).optional(),
  /** The token of a `needs_confirmation` answer for the same file: the convener confirms its owner merges. */
  confirmMerges: mergeToken.optional(),
})

/**
 * The multipart form of a roll upload, as documented (the route streams it itself, with busboy): the file, and
 * the merge confirmation token when the convener confirms. The file may also be sent as the raw request body.
 */
export const rollUploadForm = z.object({ file: z.file(), confirmMerges: mergeToken.optional() })
