// Small formatting helpers shared by the renderers.

import { escapeControls } from '../core/index.js';
import type { Frame } from '../model/index.js';

/** How the text and Markdown renderers treat dump text (function names, paths, states, labels). */
export interface SafetyOptions {
  /**
   * Leave control characters as they came (a hostile process controls that text: `ESC]0;…BEL` would set a
   * terminal's title). Default false: every control character but newline and tab is shown as `\u00XX`.
   */
  raw?: boolean;
}

/** How JSON reports are printed: one line by default (`-f json`), indented with `pretty` (`--pretty`). */
export interface JsonOptions {
  pretty?: boolean;
}

/**
 * A JSON report: two-space JSON and a final newline; bigint goroutine ids (beyond 2^53) as strings of digits, and
 * DEL and C1 controls escaped too (JSON.stringify leaves them raw; CSI among them drives terminals).
 */
export function jsonReport(value: unknown, opts: JsonOptions = {}): string {
  const indent = opts.pretty ? 2 : undefined;
  let text: string;
  try {
    // Without a replacer V8 serializes in native code; a replacer function is a call back into JavaScript for every
    // key and value (5× slower on a 100 k-goroutine analysis). Only a bigint id needs one, and that throws here.
    text = JSON.stringify(value, undefined, indent);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    text = JSON.stringify(value, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x), indent);
  }
  return escapeControls(`${text}\n`);
}

/** A finished text or Markdown report, safe to print unless `raw`; with `color`, our SGR colour sequences pass. */
export function finishReport(s: string, opts: SafetyOptions & { color?: boolean }): string {
  return opts.raw ? s : escapeControls(s, { keepColour: opts.color === true });
}

/**
 * A code fence for `lines`: `~` repeated more often than in any line, so a hostile function name that starts with
 * `~~~~` cannot close it early (CommonMark closes a fence only with at least as many characters).
 */
export function fenceFor(lines: readonly string[]): string {
  let longest = 0;
  for (const l of lines) for (const m of l.matchAll(/~+/g)) longest = Math.max(longest, m[0].length);
  return '~'.repeat(Math.max(4, longest + 1));
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. Every dump string goes through this. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Escapes text for a Markdown table cell or inline text. */
export function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_{}[\]<>|#])/g, '\\$1').replace(/\r?\n/g, ' ');
}

export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : pluralWord}`;
}

export function num(n: number): string {
  return n.toLocaleString('en-US');
}

/** A frame as a traceback prints it: `func(args)\n\tfile:line`. */
export function frameText(f: Frame): string {
  return `${f.func}(${f.args ?? '...'})\n\t${f.file}:${f.line}${f.pcOffset !== undefined ? ` +0x${f.pcOffset.toString(16)}` : ''}`;
}
