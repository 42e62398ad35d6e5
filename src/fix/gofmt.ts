// gofmt as a filter: Go source in, formatted source out. A patch that gofmt rejects is a broken edit, and a
// patch that is not gofmt-clean is not one a Go programmer would accept.

import { spawn } from 'node:child_process';
import { basename, dirname, join } from 'node:path';

export type Gofmt = (src: string, path: string) => Promise<string>;

/** The gofmt next to `goBin` when that is a path, else the one on PATH. */
export function gofmtFor(goBin: string): Gofmt {
  const bin = goBin.includes('/') ? join(dirname(goBin), basename(goBin).replace(/^go/, 'gofmt')) : 'gofmt';
  return (src, path) =>
    new Promise((resolve, reject) => {
      const child = spawn(bin, [], { stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (c: Buffer) => out.push(c));
      child.stderr.on('data', (c: Buffer) => err.push(c));
      child.on('error', (e) => reject(new Error(`cannot run ${bin}: ${e.message}`)));
      child.on('close', (code) => {
        if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
        else reject(new Error(`gofmt rejects the patched ${path}: ${Buffer.concat(err).toString('utf8').trim()}`));
      });
      child.stdin.end(src);
    });
}
