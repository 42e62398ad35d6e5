// JUnit XML: escaping of everything that comes from Go output, counts, and the go test -json merge.

import { describe, expect, it } from 'vitest';
import { parseTestEvents } from '../../src/gotest/junit.js';
import { findingsToCases, renderJUnit } from '../../src/report/junit.js';
import type { Finding } from '../../src/model/finding.js';

describe('renderJUnit', () => {
  it('escapes text and attributes and drops characters XML cannot carry', () => {
    const xml = renderJUnit([
      {
        name: 'pkg <a&b>',
        timestamp: new Date('2026-01-02T03:04:05.678Z'),
        properties: { 'go.version': 'go1.26.8' },
        cases: [
          { name: 'TestA "quoted"', classname: 'p', time: 0.5 },
          {
            name: 'TestB',
            classname: 'p',
            failure: { message: 'line1\nline2 <x>', type: 'goroutine leak', text: 'stack \u0000\u0008 & <frames> ]]>' },
          },
          { name: 'TestC', classname: 'p', skipped: 'not today' },
          { name: 'TestD', classname: 'p', error: { message: 'panic' } },
        ],
      },
    ]);
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="goroutine-guard" tests="4" failures="1" errors="1" skipped="1">',
        '  <testsuite name="pkg &lt;a&amp;b&gt;" tests="4" failures="1" errors="1" skipped="1" timestamp="2026-01-02T03:04:05">',
        '    <properties>',
        '      <property name="go.version" value="go1.26.8"/>',
        '    </properties>',
        '    <testcase name="TestA &quot;quoted&quot;" classname="p" time="0.500"/>',
        '    <testcase name="TestB" classname="p">',
        '      <failure message="line1&#10;line2 &lt;x&gt;" type="goroutine leak">stack \uFFFD\uFFFD &amp; &lt;frames&gt; ]]&gt;</failure>',
        '    </testcase>',
        '    <testcase name="TestC" classname="p">',
        '      <skipped message="not today"/>',
        '    </testcase>',
        '    <testcase name="TestD" classname="p">',
        '      <error message="panic"/>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('turns findings into failing cases', () => {
    const f: Finding = {
      origin: 'dynamic',
      ruleId: 'GG001',
      title: 't',
      message: 'GG001 chan send at x.go:3',
      severity: 'error',
      location: { file: 'x.go', line: 3 },
      explanation: 'why',
      fix: 'buffer it',
      stack: [{ func: 'p.f', package: 'p', file: 'x.go', line: 3 }],
    };
    const [c] = findingsToCases([f], 'p');
    expect(c).toEqual({
      name: 'GG001 x.go:3',
      classname: 'p',
      failure: { message: 'GG001 chan send at x.go:3', type: 'GG001', text: 'why\n\nfix: buffer it\n\np.f\n\tx.go:3' },
    });
  });
});

describe('parseTestEvents', () => {
  it('collects final results from go test -json lines split across chunks', () => {
    const ev = parseTestEvents();
    const lines = [
      '{"Action":"run","Package":"p","Test":"TestA"}',
      '{"Action":"output","Package":"p","Test":"TestA","Output":"x_test.go:3: boom\\n"}',
      '{"Action":"fail","Package":"p","Test":"TestA","Elapsed":0.01}',
      '{"Action":"pass","Package":"p","Test":"TestB","Elapsed":0}',
      'not json',
      '{"Action":"fail","Package":"p","Elapsed":0.2}',
    ].join('\n');
    ev.push(lines.slice(0, 37));
    ev.push(Buffer.from(lines.slice(37)));
    const r = ev.results();
    expect([...r.get('p')!.entries()]).toEqual([
      ['TestA', { action: 'fail', elapsed: 0.01, output: ['x_test.go:3: boom\n'] }],
      ['TestB', { action: 'pass', elapsed: 0, output: [] }],
    ]);
  });
});
