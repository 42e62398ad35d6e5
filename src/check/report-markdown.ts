// Markdown output of `check` (pull-request comments, CI summaries). Every string from source or a dump goes
// through `cell`, so a backtick or a pipe cannot break the table.

import { escapeControls } from '../core/index.js';
import { PATTERNS, type SourceLocation } from '../model/index.js';
import type { CheckDocument } from './present.js';

/**
 * A table cell: `|` escaped everywhere (GFM splits cells on it even in code spans), HTML escaped outside code spans
 * (inside them `<` is shown as typed, and an entity would be shown as an entity).
 */
const cell = (s: string) =>
  s
    .replace(/\r?\n/g, ' ')
    .split('`')
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('`')
    .replace(/\|/g, '\\|');
// A code span: no backtick can end it early, and `\|` keeps a pipe from splitting a table cell (GFM).
const code = (s: string) => `\`${s.replace(/`/g, "'").replace(/\r?\n/g, ' ').replace(/\|/g, '\\|')}\``;
const at = (l: SourceLocation | undefined) => (l ? code(`${l.file}:${l.line}`) : '?');

/** The check report as Markdown; control characters from dump and source text are shown as `\u00XX` unless `raw`. */
export function renderCheckMarkdown(doc: CheckDocument, opts: { raw?: boolean } = {}): string {
  const out: string[] = ['## goroutine-guard check', ''];
  const s = doc.summary;
  out.push(
    `**${s.confirmed} confirmed** both ways · **${s.dynamicOnly} dynamic only** · ${s.staticOnly} static only` +
      (s.hidden ? ` · ${s.hidden} weaker suspect${s.hidden === 1 ? '' : 's'} hidden` : ''),
    '',
    `Source tree ${code(doc.root)}, ${doc.staticFindings} static findings; evidence: ${
      doc.sources.map((x) => `${code(x.source)} (${x.goroutines} goroutines)`).join(', ') || 'none'
    }.`,
    '',
  );
  for (const x of doc.sources) if (x.stuck) out.push(`**Stuck process** (${code(x.source)}): ${code(x.stuck)}`, '');
  out.push('### Confirmed both ways', '');
  if (doc.confirmed.length === 0) out.push('None.', '');
  else {
    out.push('| rule | site | live goroutines | evidence | started at | finding |', '|---|---|---|---|---|---|');
    for (const c of doc.confirmed) {
      const d = c.dynamic[0]!;
      out.push(
        `| ${c.ruleId} | ${at(c.static.location)} | ${c.count} in ${cell(d.finding.state ?? '?')} | ${c.evidence} | ` +
          `${at(d.createdAt ?? c.static.createdAt)} | ${cell(c.static.message)} |`,
      );
    }
    out.push('');
  }
  out.push('### Dynamic only (no rule saw it)', '');
  if (doc.dynamicOnly.length === 0) out.push('None.', '');
  else {
    out.push(
      '| nearest rule | site | goroutines | evidence | started at | why no rule saw it |',
      '|---|---|---|---|---|---|',
    );
    for (const x of doc.dynamicOnly) {
      const f = x.suspect.finding;
      const rule = x.nearestRule ? `${x.nearestRule} ${cell(PATTERNS[x.nearestRule].title)}` : 'none';
      out.push(
        `| ${rule} | ${at(x.suspect.site ?? f.location)} | ${x.count} in ${cell(f.state ?? '?')} | ` +
          `${f.evidence ?? 'possible'} | ${at(x.suspect.createdAt)} | ${cell(x.why.join('; '))} |`,
      );
    }
    out.push('');
  }
  out.push('### Static only (not observed)', '');
  if (doc.staticOnly.length === 0) out.push('None.', '');
  else {
    out.push('| rule | site | finding |', '|---|---|---|');
    for (const x of doc.staticOnly)
      out.push(`| ${x.finding.ruleId} | ${at(x.finding.location)} | ${cell(x.finding.message)} |`);
    out.push('');
  }
  const text = `${out.join('\n')}\n`;
  return opts.raw ? text : escapeControls(text);
}
