import { fromBufferPromise } from 'yauzl'

/**
 * The entries of a zip archive, in the archive's order, read by yauzl (the library the server reads .xlsx with):
 * name → inflated bytes. Refuses an entry whose name was not flagged UTF-8 yet is not ASCII, since an unzip tool
 * would then show it garbled.
 */
export async function unzipEntries(zip: Uint8Array): Promise<Map<string, Buffer>> {
  const file = await fromBufferPromise(Buffer.from(zip), { lazyEntries: true, validateEntrySizes: true })
  const out = new Map<string, Buffer>()
  for await (const entry of file.eachEntry()) {
    // Bit 11 of the general purpose flags: the name is UTF-8 (APPNOTE 4.4.4).
    if ((entry.generalPurposeBitFlag & 0x800) === 0 && /[^\x20-\x7e]/.test(entry.fileName))
      throw new Error(`entry name not flagged UTF-8: ${entry.fileName}`)
    const chunks: Buffer[] = []
    for await (const chunk of (await file.openReadStreamPromise(entry)) as AsyncIterable<Buffer>)
      chunks.push(chunk)
    out.set(entry.fileName, Buffer.concat(chunks))
  }
  return out
}
