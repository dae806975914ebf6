/**
 * Control characters (C0, DEL, C1) and the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069). In a name or a title shown to others they hide or reorder text (a right-to-left override shows
 * the rest of a name backwards: Trojan Source), and in the server log they drive the terminal. Refused wherever a
 * name, a title or a unit number enters: the API's text fields and the roll's cells alike.
 */
export const UNSAFE_TEXT = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u

/** True if the text carries a character of UNSAFE_TEXT. */
export const isUnsafeText = (text: string): boolean => UNSAFE_TEXT.test(text)
