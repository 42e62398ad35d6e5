// Small formatting helpers shared by the renderers.

import type { Frame } from '../model/index.js';

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
