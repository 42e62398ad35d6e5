// `check` on the dump of a hung `go test -timeout` run (testdata/dumps/go1.26/test-timeout.txt, written by the test
// in testdata/go/leaks/timeouttest): it says the process was stuck and names the hung test, as `analyze` does, and
// its reason for the dynamic-only receive names the channel expression as written (`p.results`).

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckDocument } from '../../src/check/index.js';
import { runCli } from '../helpers/cli.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const args = ['check', 'testdata/go/leaks/timeouttest', '--dump', 'testdata/dumps/go1.26/test-timeout.txt'];

describe('check on a go test -timeout dump', () => {
  it('says the process was stuck and names the hung test, in text, markdown and JSON', async () => {
    const text = await runCli(args, { cwd: ROOT });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      '\nStuck process: panic: test timed out after 3s (hung test: TestPollAllWithFailedBackend)\n',
    );
    expect(text.stdout).toMatch(
      /! GG002 testdata\/go\/leaks\/timeouttest\/poller\.go:33 1 goroutine in chan receive .*\(suspected\)\n\s+in test TestPollAllWithFailedBackend\n/,
    );
    expect(text.stdout).toContain('the channel `p.results` is a struct field or package variable');
    const md = await runCli([...args, '-f', 'markdown'], { cwd: ROOT });
    expect(md.stdout).toContain(
      '**Stuck process** (`testdata/dumps/go1.26/test-timeout.txt`): `panic: test timed out after 3s (hung test: TestPollAllWithFailedBackend)`',
    );
    const doc = JSON.parse((await runCli([...args, '-f', 'json'], { cwd: ROOT })).stdout) as CheckDocument;
    expect(doc.sources[0]!.stuck).toBe('panic: test timed out after 3s (hung test: TestPollAllWithFailedBackend)');
  });

  it('a dump of a running process says nothing of the kind', async () => {
    const doc = JSON.parse(
      (
        await runCli(['check', 'testdata/go/diag', '--dump', 'testdata/dumps/diag/tickers.debug2.txt', '-f', 'json'], {
          cwd: ROOT,
        })
      ).stdout,
    ) as CheckDocument;
    expect(doc.sources[0]!.stuck).toBeUndefined();
  });
});
