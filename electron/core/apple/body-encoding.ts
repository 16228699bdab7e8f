/**
 * Replies compressed on the way (Content-Encoding), decoded as Node's fetch
 * decoded them for us before: VPP Desk asks for gzip, deflate or br (a page
 * of 500 assignments shaped like Apple's gzips to about an eighth of its
 * 50 KB, which an admin's network feels at 15 pages a second). zlib decodes on
 * libuv's thread pool (its async calls), not on the thread that answers the
 * window.
 */
import { promisify } from 'node:util';

/** What VPP Desk tells Apple it can read. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

/** A reply body in an encoding VPP Desk did not ask for, or one that does not decode. */
export class BodyEncodingError extends Error {}

type Decode = (body: Buffer) => Promise<Buffer>;

/**
 * zlib is loaded on the first compressed reply, not with this module: the
 * commands that only read the cache (`vpp-desk apps`, `token status`) load
 * the Apple client's modules but must not load zlib (cli-startup.test).
 */
let decoders: Promise<Record<string, Decode>> | undefined;
const decodersOf = () =>
  (decoders ??= import('node:zlib').then((zlib): Record<string, Decode> => {
    const gunzip = promisify(zlib.gunzip);
    const inflate = promisify(zlib.inflate);
    const inflateRaw = promisify(zlib.inflateRaw);
    return {
      gzip: gunzip,
      'x-gzip': gunzip,
      br: promisify(zlib.brotliDecompress),
      // "deflate" is meant to be zlib-wrapped; some servers send it raw, and browsers read both.
      deflate: (body: Buffer) => inflate(body).catch(() => inflateRaw(body)),
    };
  }));

/** The body with every Content-Encoding undone, last applied first. */
export async function decodeBody(body: Buffer, contentEncoding: string | null): Promise<Buffer> {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  if (codings.length === 0) return body;
  const known = await decodersOf();
  let out = body;
  for (const coding of codings.reverse()) {
    const decode = known[coding];
    if (!decode) throw new BodyEncodingError(`the reply came in an encoding VPP Desk cannot read (${coding})`);
    try {
      out = await decode(out);
    } catch (err) {
      throw new BodyEncodingError(`the reply's ${coding} body does not decode (${(err as Error).message})`);
    }
  }
  return out;
}

/** A Buffer's bytes as an ArrayBuffer of their own (one that can be transferred to a worker whole). */
export function ownArrayBuffer(buf: Buffer): ArrayBuffer {
  const { buffer, byteOffset, byteLength } = buf;
  if (byteOffset === 0 && byteLength === buffer.byteLength && buffer instanceof ArrayBuffer) return buffer;
  return new Uint8Array(buf).buffer;
}
