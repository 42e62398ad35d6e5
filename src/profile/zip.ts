// Minimal zip reader for archives of dumps (bug reports often attach `goroutines.zip`): stored and deflated
// entries, no zip64, no encryption. Reads the central directory, so the archive must be complete.

import { inflateRawSync } from 'node:zlib';
import { GuardError } from '../core/index.js';

export interface ZipEntry {
  name: string;
  data: Buffer;
}

export function isZip(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

export function readZip(buf: Buffer, source: string): ZipEntry[] {
  const fail = (what: string, offset: number) =>
    new GuardError('bad-syntax', source, `corrupt zip archive: ${what}`, { offset }, 'a complete zip archive of dumps');
  // End of central directory: 22 bytes + comment (≤ 65535), signature 0x06054b50.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd === -1) throw fail('no end-of-central-directory record (truncated archive?)', buf.length);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (p === 0xffffffff) throw fail('zip64 archives are not supported', eocd);
  const out: ZipEntry[] = [];
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw fail('bad central directory entry', p);
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/') || name.startsWith('__MACOSX/')) continue;
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50)
      throw fail(`bad local header for ${name}`, local);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + csize > buf.length) throw fail(`entry ${name} runs past the end`, start);
    const raw = buf.subarray(start, start + csize);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) {
      try {
        data = inflateRawSync(raw);
      } catch (e) {
        throw fail(`cannot inflate ${name}: ${(e as Error).message}`, start);
      }
    } else throw fail(`entry ${name} uses unsupported compression method ${method}`, local);
    out.push({ name, data });
  }
  return out;
}
