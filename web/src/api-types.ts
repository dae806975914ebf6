import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser'
import type { hc, InferRequestType, InferResponseType } from 'hono/client'
import type { SuccessStatusCode } from 'hono/utils/http-status'
import type { z } from 'zod'
import type { ApiType } from '../../server/app'
import type { documentForm } from '../../server/routes/holders.schema'
import type { attachmentForm } from '../../server/routes/records.schema'

/**
 * The web's one contract with the server: every request and response type the pages use is derived here from
 * the routes themselves (server/app.ts `ApiType`), through `hono/client`'s inference — never from a service's
 * return type, which is not what the route answers (the route picks, renames and adds fields), and never written
 * by hand, which drifts. A route that changes what it sends fails `tsc` in the page that reads it.
 *
 * Types only: this module is erased at build, and `hc`'s runtime never reaches a phone (the owner's path has a
 * byte budget). The fetch wrappers stay the web's own; these types say what their `data` is.
 */

/** The API as `hc` sees it, one key per path segment: `Api['estates'][':estateId']['meetings']['$get']`. */
export type Api = ReturnType<typeof hc<ApiType>>

/** A 204 has no body: the fetch wrappers answer `undefined` for it, so its type says so. */
type NoBody<T> = T extends null ? undefined : T

/** What a route answers when it succeeds (any 2xx it declares; the errors are the one error shape). */
export type Ok<Route> = NoBody<InferResponseType<Route, SuccessStatusCode>>

/** The JSON body a route reads (zod's input side: defaults may be left out). */
export type Body<Route> = InferRequestType<Route> extends { json: infer J } ? J : never

/** The query string a route reads. */
export type Query<Route> = InferRequestType<Route> extends { query: infer Q } ? Q : never

/**
 * The multipart forms the upload routes read themselves (so their route type declares no form): what they take
 * comes from the same schemas, which also describe them in the OpenAPI document.
 */
export type AttachmentForm = z.input<typeof attachmentForm>
export type DocumentForm = z.input<typeof documentForm>

/** The routes of one estate, and of one meeting in it. */
export type EstateApi = Api['estates'][':estateId']
export type MeetingApi = EstateApi['meetings'][':meetingId']

/**
 * A passkey ceremony's `options` as a route sends them: @simplewebauthn/server builds them as the JSON that
 * @simplewebauthn/browser reads, which is that library's own type. (hono's JSON inference cannot follow the PRF
 * extension's BufferSource through, so what it infers for `options` no browser call would take.)
 */
type WithOptions<T, O> = T extends { readonly options: unknown }
  ? Omit<T, 'options'> & { readonly options: O }
  : T
export type WithCreationOptions<T> = WithOptions<T, PublicKeyCredentialCreationOptionsJSON>
export type WithRequestOptions<T> = WithOptions<T, PublicKeyCredentialRequestOptionsJSON>
