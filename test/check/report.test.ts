// Renderers of a check document: Go source text in a message cannot inject HTML into the markdown (outside code
// spans) nor break a table with a pipe; empty lists say so.

import { describe, expect, it } from 'vitest';
import type { CheckDocument } from '../../src/check/present.js';
import { renderCheckMarkdown } from '../../src/check/report-markdown.js';
import { renderCheckText } from '../../src/check/report-text.js';

function doc(message: string): CheckDocument {
  return {
    tool: 'goroutine-guard',
    version: '0',
    root: '.',
    sources: [{ source: 'd.txt', goroutines: 3, suspects: 0 }],
    files: 1,
    staticFindings: 1,
    summary: { confirmed: 0, dynamicOnly: 0, staticOnly: 1, hidden: 0 },
    confirmed: [],
    dynamicOnly: [],
    staticOnly: [
      {
        confidence: 'low',
        seenInFunction: 2,
        finding: {
          origin: 'static',
          ruleId: 'GG003',
          title: 't',
          message,
          severity: 'warning',
          location: { file: 'a.go', line: 3, func: 'main.loop' },
        },
      },
    ],
    unmapped: [],
    warnings: [],
  };
}

describe('check renderers', () => {
  it('escapes HTML outside code spans and pipes everywhere in markdown', () => {
    const md = renderCheckMarkdown(doc('loop <script>alert(1)</script> on `a || <-b` | done'));
    expect(md).toContain(
      '| GG003 | `a.go:3` | loop &lt;script&gt;alert(1)&lt;/script&gt; on `a \\|\\| <-b` \\| done |',
    );
    expect(md).not.toContain('<script>');
    expect(md).toContain('### Confirmed both ways\n\nNone.');
  });

  it('says "none" for empty lists and names the function a static-only finding was seen in', () => {
    const text = renderCheckText(doc('for-select without exit'), { color: false, explain: false });
    expect(text).toContain('Confirmed both ways (0): a rule explains it and live goroutines show it\n  none');
    expect(text).toContain(
      'GG003 a.go:3 for-select without exit (2 goroutines passed through main.loop, none blocked here)',
    );
    expect(text.trimEnd().split('\n').at(-1)).toBe('0 confirmed · 0 dynamic only · 1 static only');
  });
});
