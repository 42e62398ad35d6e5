// Why no static rule reported a leak that a dump shows. The rules are precise by design: they follow a channel
// from its `make` through the function, its closures and same-package callees resolved by name, and say nothing
// when they lose track. So the useful answer names where they lost track: an interface or function value in the
// `go` statement, a channel kept in a struct field, code outside the tree, a test file, a suppression. Pure: the
// source text comes in through `SourceText`.

import { PATTERNS, type PatternId, type Finding, type SourceLocation } from '../model/index.js';
import { localFunc, outerFunc, packageOf, sameFunc, shortFunc } from './funcs.js';
import type { MappedSuspect } from './types.js';

export interface SourceText {
  /** The file's text, when it is a tree file that could be read. */
  text(file: string): string | undefined;
  /** The .go files of the package (directory) `file` belongs to. */
  packageFiles(file: string): readonly string[];
}

export interface WhyContext {
  sources: SourceText;
  statics: readonly Finding[];
  disabledRules: readonly PatternId[];
  includeTests: boolean;
  unmapped: readonly string[];
}

const base = (file: string) => file.slice(file.lastIndexOf('/') + 1);
const at = (l: SourceLocation) => `${base(l.file)}:${l.line}`;

function lineOf(ctx: WhyContext, l: SourceLocation): string | undefined {
  const lines = ctx.sources.text(l.file)?.split('\n');
  const line = lines?.[l.line - 1];
  return line?.replace(/\/\/.*$/, '').trim();
}

/**
 * Reasons for one dynamic-only site. `group` holds every suspect blocked there (the same leak started from several
 * places): the first one's reasons lead, the others add theirs, and their entry functions are named together.
 */
export function whyMissed(group: MappedSuspect | readonly MappedSuspect[], ctx: WhyContext): string[] {
  const members: readonly MappedSuspect[] = 'finding' in group ? [group] : group;
  const d = members[0]!;
  const f = d.finding;
  const nearest = f.ruleId === 'GG000' ? null : f.ruleId;
  if (!d.site) return [outsideTree(d, ctx, nearest)];
  if (/_test\.go$/.test(d.site.file) && !ctx.includeTests) {
    return [`the blocking site ${at(d.site)} is in a _test.go file, which the scan skips (use --include-tests)`];
  }
  if (nearest && ctx.disabledRules.includes(nearest)) return [`rule ${nearest} is disabled in this run`];
  const suppressed = suppression(ctx, d.site);
  if (suppressed) return [`suppressed by a //goroutine-guard:ignore comment at ${suppressed}`];

  const why = new Set<string>();
  for (const m of members) {
    const started = m.createdAt ? startedThrough(m, ctx) : undefined;
    if (started) why.add(started);
  }
  const chan = channelOrigin(ctx, d.site, f.waitClass);
  if (chan) why.add(chan);
  const exit = f.waitClass === 'select' ? exitCase(ctx, d.site) : undefined;
  if (exit) why.add(exit);
  const calledFrom = entriesOf(members, d.site);
  if (calledFrom) why.add(calledFrom);
  const other = ctx.statics.filter((s) => s.location?.file === d.site!.file && sameFunc(s.location.func, d.site!.func));
  if (other.length > 0) {
    why.add(
      `the function has static finding${other.length > 1 ? 's' : ''} (${other
        .map((s) => `${s.ruleId} at line ${s.location!.line}`)
        .join(', ')}) for another operation than this ${f.state ?? 'wait'}`,
    );
  }
  if (why.size === 0) {
    why.add(
      nearest
        ? `no static rule matches the code at ${at(d.site)}; the nearest pattern, ${nearest} (${PATTERNS[nearest].title}), ` +
            'describes only what the dump shows'
        : `no pattern of the catalogue matches a goroutine in ${f.state ?? 'this state'} at ${at(d.site)}`,
    );
  }
  return [...why];
}

/** "blocks in F, called from its entry function(s) A, B …" when the goroutines block below their entry. */
function entriesOf(members: readonly MappedSuspect[], site: SourceLocation): string | undefined {
  const entries = [
    ...new Set(
      members
        .map(entryFunc)
        .filter((e): e is string => !!e && !sameFunc(outerFunc(e), outerFunc(site.func ?? '')))
        .map(shortFunc),
    ),
  ];
  if (entries.length === 0) return undefined;
  const shown =
    entries.length > 3 ? `${entries.slice(0, 3).join(', ')} and ${entries.length - 3} more` : entries.join(', ');
  const otherPkg = members.some((m) => {
    const e = entryFunc(m);
    return e && packageOf(e) !== packageOf(site.func ?? '');
  });
  return (
    `the goroutine blocks in ${shortFunc(site.func ?? '?')}, called from its entry function${entries.length > 1 ? 's' : ''} ` +
    `${shown}${otherPkg ? ' in another package; the rules follow calls within one package only' : ''}`
  );
}

function outsideTree(d: MappedSuspect, ctx: WhyContext, nearest: PatternId | null): string {
  const stack = d.finding.stack ?? [];
  const lost = stack.find((fr) => ctx.unmapped.includes(fr.file));
  if (lost) {
    return `its frames (${lost.file}) could not be mapped into the source tree: pass --trim-prefix with the build directory`;
  }
  const entry = stack.at(-1)?.func ?? d.finding.location?.func ?? '?';
  const candidates = ctx.statics
    .filter((s) => s.ruleId === 'GG009' || s.ruleId === 'GG010')
    .map((s) => at(s.location!));
  const http =
    nearest === 'GG009' || nearest === 'GG010'
      ? '; the request that started it is not on its stack, so no client call in the tree can be tied to it' +
        (candidates.length ? ` (static GG009/GG010 findings that may be its cause: ${candidates.join(', ')})` : '')
      : '';
  return `the goroutine runs only standard-library or dependency code (${entry}), outside the scanned tree${http}`;
}

/** `//goroutine-guard:ignore` on the site's line or the line above. */
function suppression(ctx: WhyContext, site: SourceLocation): string | undefined {
  const lines = ctx.sources.text(site.file)?.split('\n');
  if (!lines) return undefined;
  for (const n of [site.line, site.line - 1]) {
    if (/\/\/\s*goroutine-guard:ignore\b/.test(lines[n - 1] ?? '')) return `${base(site.file)}:${n}`;
  }
  return undefined;
}

/** The goroutine's entry: its outermost frame, skipping the compiler's `go` wrappers. */
function entryFunc(d: MappedSuspect): string | undefined {
  const stack = d.finding.stack ?? [];
  for (let i = stack.length - 1; i >= 0; i--) {
    const fn = stack[i]!.func;
    if (!/\.gowrap\d+$/.test(fn)) return fn;
  }
  return undefined;
}

/** The `go` statement's call, when it is not a function literal the rules can read. */
function startedThrough(d: MappedSuspect, ctx: WhyContext): string | undefined {
  const created = d.createdAt!;
  const line = lineOf(ctx, created);
  const m = line ? /\bgo\s+([\w.[\]()*]+?)\s*\(/.exec(line) : null;
  if (!m || m[1] === 'func') return undefined;
  const callee = m[1]!;
  const stmt = `\`${line!.slice(m.index)}\``;
  const where = at(created);
  const entry = entryFunc(d);
  if (/^reflect\b/.test(callee) || (d.finding.stack ?? []).some((fr) => fr.func.startsWith('reflect.'))) {
    return `started through reflection (${stmt}, ${where}); the rules cannot see which function runs`;
  }
  const dot = callee.lastIndexOf('.');
  const name = callee.slice(dot + 1);
  const files = ctx.sources.packageFiles(created.file);
  if (dot === -1) {
    const declared = files.some((file) =>
      new RegExp(`^func\\s+${name}\\s*[[(]`, 'm').test(ctx.sources.text(file) ?? ''),
    );
    return declared
      ? undefined
      : `started as ${stmt} (${where}): \`${name}\` is a function value, so which function runs is known only at run time`;
  }
  const receivers = methodReceivers(ctx, files, name);
  if (receivers.length === 1) return undefined;
  const runs = entry ? ` (here \`${localFunc(entry)}\`)` : '';
  const impls =
    receivers.length > 1
      ? `\`${name}\` has several implementations in the package (${receivers.join(', ')})`
      : `no type of the package has a method \`${name}\``;
  return (
    `started as ${stmt} (${where}), a call through an interface or function value: ${impls}, and which one ` +
    `runs${runs} is decided at run time; the rules follow only calls they can resolve from the source`
  );
}

/** Receiver types of the package's methods named `name`: `*AuditLog`, `LogNotifier`. */
function methodReceivers(ctx: WhyContext, files: readonly string[], name: string): string[] {
  const out: string[] = [];
  const re = new RegExp(
    `^func\\s*\\(\\s*(?:\\w+\\s+)?(\\*?\\s*[\\w.]+)(?:\\[[^\\]]*\\])?\\s*\\)\\s*${name}\\s*[[(]`,
    'gm',
  );
  for (const file of files) {
    for (const m of (ctx.sources.text(file) ?? '').matchAll(re)) {
      const t = m[1]!.replace(/\s+/g, '');
      out.push(t);
    }
  }
  return out;
}

/**
 * A select with a `<-ctx.Done()` case that returns has an exit: the rules are right to say nothing, and the
 * goroutine is most likely a long-lived worker waiting by design (a leak only if that context is never cancelled).
 */
function exitCase(ctx: WhyContext, site: SourceLocation): string | undefined {
  const lines = ctx.sources.text(site.file)?.split('\n');
  if (!lines) return undefined;
  const window = lines.slice(site.line - 1, site.line + 30);
  const i = window.findIndex((l) => /^\s*case\s*<-\s*[\w.]+\.Done\(\)\s*:/.test(l));
  if (i === -1 || !/^\s*return\b/.test(window[i + 1] ?? '')) return undefined;
  return (
    `the select at line ${site.line} returns on \`${window[i]!.trim()}\`: a worker waiting by design, which leaks ` +
    'only if that context is never cancelled'
  );
}

/** A channel reached through a struct field or a call result: the rules follow channels from their `make`. */
function channelOrigin(ctx: WhyContext, site: SourceLocation, wait: Finding['waitClass']): string | undefined {
  const line = lineOf(ctx, site);
  if (!line) return undefined;
  const send = /^([\w.()[\]]+)\s*<-/.exec(line);
  const recv = /<-\s*([\w.()[\]]+)/.exec(line);
  const raw = wait === 'chan-send' ? send?.[1] : wait === 'chan-recv' ? recv?.[1] : (send?.[1] ?? recv?.[1]);
  const expr = raw && balanced(raw);
  if (!expr || !expr.includes('.')) return undefined;
  const what = expr.endsWith(')') ? 'a call result' : 'a struct field or package variable';
  return (
    `the channel \`${expr}\` is ${what}, made elsewhere: the rules follow a channel from its \`make\` through ` +
    'the function that made it, not through long-lived values'
  );
}

/** The expression without the closing brackets of what encloses it (`p.results)` in `append(out, <-p.results)`). */
function balanced(expr: string): string {
  let out = expr;
  const count = (c: string) => out.split(c).length - 1;
  while ((out.endsWith(')') && count(')') > count('(')) || (out.endsWith(']') && count(']') > count('['))) {
    out = out.slice(0, -1);
  }
  return out;
}
