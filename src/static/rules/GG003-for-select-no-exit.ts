// GG003: `for { select { … } }` with no way out — no return, no break of the loop, no goto, no panic/exit. The
// goroutine running it lives forever. The classic cause is a `break` inside a select case, which leaves only the
// select, or a `<-ctx.Done()` case that logs and keeps looping.

import { child, findAll, text, type GoNode } from '../go/ast.js';
import { classifyFuncLit } from '../facts/exec.js';
import { breakTarget, isInfiniteFor, loopExits } from '../facts/flow.js';
import { inProcessLifetime, topFunc, where } from './common.js';
import { PATTERNS } from '../../model/index.js';
import type { Rule, RuleContext, RuleMeta, RuleVisitors } from '../types.js';

export const meta: RuleMeta = {
  id: 'GG003',
  title: PATTERNS.GG003.title,
  severity: 'warning',
  explanation:
    'Nothing in this `for { select { … } }` leaves the loop: no `return`, no `break` of the loop itself (a plain ' +
    '`break` inside a select case only leaves the select), no `goto`, no panic or exit. The goroutine running it ' +
    'never ends, so every component that starts one leaks a goroutine blocked in `select` when it is discarded.',
  fix: PATTERNS.GG003.staticFix,
  docs: 'docs/rules/GG003.md',
  triggers: /^(?=[\s\S]*\bfor\s*\{)(?=[\s\S]*\bselect\s*\{)/,
};

export function create(ctx: RuleContext): RuleVisitors {
  return {
    for_statement(loop) {
      if (!isInfiniteFor(loop)) return;
      const body = child(loop, 'body');
      const select = body?.children.find((c) => c.type === 'select_statement');
      if (!select || loopExits(loop).length > 0) return;
      if (inProcessLifetime(ctx, loop) || startedOnlyForProcessLifetime(ctx, loop)) return;
      const lit = topLit(loop);
      const launch = lit ? classifyFuncLit(lit, ctx.file.imports) : null;
      ctx.report({
        node: loop,
        message: `this for-select loop never exits${why(ctx, select)}`,
        createdAt: launch && (launch.kind === 'go' || launch.kind === 'async') ? launch.site : null,
      });
    },
  };
}

/** The function literal directly containing the loop, if any. */
function topLit(loop: GoNode): GoNode | null {
  for (let p = loop.parent; p; p = p.parent) {
    if (p.type === 'func_literal') return p;
    if (p.type === 'function_declaration' || p.type === 'method_declaration') return null;
  }
  return null;
}

/** The most likely reason, named: a break that only leaves the select, or a done-like case that does not return. */
function why(ctx: RuleContext, select: GoNode): string {
  for (const brk of findAll(select, 'break_statement', { skipFuncLits: true })) {
    if (breakTarget(brk) === select) {
      return `: the \`break\` at ${where(ctx, brk)} leaves only the select, not the for loop (use a labeled break or return)`;
    }
  }
  for (const clause of select.children) {
    const comm = clause.children[0];
    // A receive whose value is discarded from ctx.Done() or a quit-like channel is meant as the exit.
    if (
      comm?.type === 'receive_statement' &&
      !child(comm, 'left') &&
      /\.Done\(\)|\b(done|quit|stop|closing|exit)\w*\s*$/i.test(text(comm))
    ) {
      return `: the \`${text(comm)
        .trim()
        .replace(/^case\s+/, '')}\` case at ${where(ctx, comm)} does not leave the loop`;
    }
  }
  return ': no case returns or breaks out of the loop';
}

/**
 * A named function whose loop runs forever is fine when every `go f()` starting it is in main or init: that
 * goroutine is meant to live as long as the process.
 */
function startedOnlyForProcessLifetime(ctx: RuleContext, loop: GoNode): boolean {
  const fn = topFunc(loop);
  if (!fn || topLit(loop)) return false;
  const decl = ctx.pkg.declOf(fn);
  if (!decl?.name) return false;
  const re = new RegExp(`\\bgo\\s+(?:[\\w.]+\\.)?${decl.name}\\(`, 'g');
  let sites = 0;
  for (const file of ctx.pkg.files) {
    for (const m of file.src.text.matchAll(re)) {
      sites++;
      const at = m.index ?? 0;
      const owner = file.decls.find((d) => d.start <= at && at < d.end);
      if (!owner || !(owner.name === 'init' || (owner.name === 'main' && file.packageName === 'main'))) return false;
    }
  }
  return sites > 0;
}

export const rule: Rule = { meta, create };
