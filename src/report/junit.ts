// JUnit XML, the lowest common denominator of CI test reports: suites of cases, each passing, failing, erroring or
// skipped. Generic on purpose (test results, leak checks, static findings as cases); `findingsToCases` covers the
// common Finding → failure mapping. All text is escaped and stripped of characters XML 1.0 cannot carry.

import type { Finding } from '../model/index.js';

export interface JUnitProblem {
  message: string;
  type?: string;
  /** Body text (stack, details). */
  text?: string;
}

export interface JUnitCase {
  name: string;
  classname: string;
  /** Seconds. */
  time?: number;
  failure?: JUnitProblem;
  error?: JUnitProblem;
  skipped?: string;
  systemOut?: string;
}

export interface JUnitSuite {
  name: string;
  cases: JUnitCase[];
  time?: number;
  timestamp?: Date;
  properties?: Record<string, string>;
}

/** Renders suites to a complete JUnit XML document. */
export function renderJUnit(suites: readonly JUnitSuite[], name = 'goroutine-guard'): string {
  const count = (pred: (c: JUnitCase) => boolean) => suites.reduce((a, s) => a + s.cases.filter(pred).length, 0);
  const tests = suites.reduce((a, s) => a + s.cases.length, 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(name)}" tests="${tests}" failures="${count((c) => !!c.failure)}" errors="${count(
      (c) => !c.failure && !!c.error,
    )}" skipped="${count((c) => c.skipped !== undefined)}">`,
  ];
  for (const s of suites) out.push(...suiteXml(s));
  out.push('</testsuites>', '');
  return out.join('\n');
}

function suiteXml(s: JUnitSuite): string[] {
  const failures = s.cases.filter((c) => c.failure).length;
  const errors = s.cases.filter((c) => !c.failure && c.error).length;
  const skipped = s.cases.filter((c) => c.skipped !== undefined).length;
  const extra =
    (s.time !== undefined ? ` time="${seconds(s.time)}"` : '') +
    (s.timestamp ? ` timestamp="${s.timestamp.toISOString().replace(/\.\d+Z$/, '')}"` : '');
  const out = [
    `  <testsuite name="${attr(s.name)}" tests="${s.cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}"${extra}>`,
  ];
  const props = Object.entries(s.properties ?? {});
  if (props.length) {
    out.push('    <properties>');
    for (const [k, v] of props) out.push(`      <property name="${attr(k)}" value="${attr(v)}"/>`);
    out.push('    </properties>');
  }
  for (const c of s.cases) out.push(...caseXml(c));
  out.push('  </testsuite>');
  return out;
}

function caseXml(c: JUnitCase): string[] {
  const open = `    <testcase name="${attr(c.name)}" classname="${attr(c.classname)}"${
    c.time !== undefined ? ` time="${seconds(c.time)}"` : ''
  }`;
  const body: string[] = [];
  if (c.failure) body.push(problem('failure', c.failure));
  else if (c.error) body.push(problem('error', c.error));
  if (c.skipped !== undefined) body.push(`      <skipped message="${attr(c.skipped)}"/>`);
  if (c.systemOut) body.push(`      <system-out>${text(c.systemOut)}</system-out>`);
  if (body.length === 0) return [`${open}/>`];
  return [`${open}>`, ...body, '    </testcase>'];
}

function problem(tag: 'failure' | 'error', p: JUnitProblem): string {
  const type = p.type ? ` type="${attr(p.type)}"` : '';
  const head = `      <${tag} message="${attr(p.message)}"${type}`;
  return p.text ? `${head}>${text(p.text)}</${tag}>` : `${head}/>`;
}

/** One failing case per finding (name = rule id and site), for reports that list findings as tests. */
export function findingsToCases(findings: readonly Finding[], classname: string): JUnitCase[] {
  return findings.map((f) => {
    const at = f.location ? ` ${f.location.file}:${f.location.line}` : '';
    const stack = (f.stack ?? []).map((fr) => `${fr.func}\n\t${fr.file}:${fr.line}`).join('\n');
    return {
      name: `${f.ruleId}${at}`,
      classname,
      failure: {
        message: f.message,
        type: f.ruleId,
        text: [f.explanation, f.fix ? `fix: ${f.fix}` : '', stack].filter(Boolean).join('\n\n'),
      },
    };
  });
}

// XML 1.0 allows tab, newline, carriage return and everything from 0x20 except surrogates and U+FFFE/U+FFFF.
const INVALID_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function text(s: string): string {
  return s.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

function seconds(t: number): string {
  return t.toFixed(3);
}
