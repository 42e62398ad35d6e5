// Helpers shared by rules: recognising standard-library calls through the file's imports, process-lifetime
// functions (main, init), and wording of positions in messages.

import { callArgs, callee, enclosingFunc, findAll, text, type GoNode } from '../go/ast.js';
import type { Binding } from '../go/scope.js';
import { classifyFuncLit } from '../facts/exec.js';
import type { RuleContext } from '../types.js';

/** `pkg.Name(…)` where `pkg` is the file's import of `importPath` (and not a shadowing local). */
export function isPkgCall(ctx: RuleContext, call: GoNode, importPath: string, names: readonly string[]): boolean {
  const c = callee(call);
  if (!c || !c.operand || c.operand.type !== 'identifier' || !names.includes(c.name)) return false;
  return isPkgRef(ctx, c.operand, importPath);
}

/** An identifier naming the imported package `importPath`. */
export function isPkgRef(ctx: RuleContext, ident: GoNode, importPath: string): boolean {
  return ctx.file.imports.get(text(ident)) === importPath && !ctx.pkg.bindingOf(ident);
}

/** The top-level function (declaration or method) containing `n`. */
export function topFunc(n: GoNode): GoNode | null {
  let f = enclosingFunc(n);
  while (f && f.type === 'func_literal') f = enclosingFunc(f);
  return f;
}

/**
 * Code that runs for the life of the process, once: `main` of package main and `init`, and literals inside them
 * that they start or call themselves, not in a loop. A goroutine that never ends there is a design choice, not a
 * leak. A literal main hands to something else (an HTTP handler registered inline, a callback) runs once per
 * request, and a `go` in a loop of main starts one goroutine per iteration: neither is exempt.
 */
export function inProcessLifetime(ctx: RuleContext, n: GoNode): boolean {
  const f = topFunc(n);
  if (!f || f.type !== 'function_declaration') return false;
  const decl = ctx.pkg.declOf(f);
  if (!decl) return false;
  if (!(decl.name === 'init' || (decl.name === 'main' && decl.file.packageName === 'main'))) return false;
  let launched = false;
  for (let p = n.parent; p && p !== f; p = p.parent) {
    if (p.type === 'func_literal') {
      const kind = classifyFuncLit(p, ctx.file.imports).kind;
      if (kind !== 'go' && kind !== 'call' && kind !== 'defer') return false;
      launched = true;
    } else if (launched && (p.type === 'for_statement' || p.type === 'range_clause')) {
      return false;
    }
  }
  return true;
}

export function lineOf(ctx: RuleContext, n: GoNode): number {
  const file = ctx.pkg.fileOf(n) ?? ctx.file;
  return file.src.position(n.start).line;
}

/** `line 42`, or `other.go:42` when `n` is in another file of the package. */
export function where(ctx: RuleContext, n: GoNode): string {
  const file = ctx.pkg.fileOf(n) ?? ctx.file;
  const line = file.src.position(n.start).line;
  return file === ctx.file ? `line ${line}` : `${file.path.split('/').pop()}:${line}`;
}

/** Short source text for messages: first line, at most 60 characters. */
export function snippet(n: GoNode): string {
  const t = text(n).split('\n')[0]!.trim();
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}

/** The variable a `x := expr` / `var x = expr` declaration initialises with `expr`. */
export function bindingInitializedBy(ctx: RuleContext, expr: GoNode): Binding | undefined {
  let e = expr;
  while (e.parent?.type === 'parenthesized_expression') e = e.parent;
  const list = e.parent;
  if (list?.type !== 'expression_list' || list.field === 'left') return undefined;
  const stmt = list.parent;
  if (!stmt || (stmt.type !== 'short_var_declaration' && stmt.type !== 'var_spec')) return undefined;
  const names =
    stmt.type === 'var_spec'
      ? stmt.children.filter((c) => c.field === 'name')
      : (stmt.children.find((c) => c.field === 'left')?.children ?? []);
  const id = names[list.children.indexOf(e)];
  if (!id || id.type !== 'identifier') return undefined;
  const b = ctx.pkg.bindingOf(id);
  return b && b.value?.expr === e ? b : undefined;
}

/**
 * The calls `<operand>.<name>()` (no arguments) in this file, the operand spelled exactly as given: where goroutines
 * that use the same lock or WaitGroup block. A plain variable (`wg`) is matched only inside the top-level function
 * of `anchor` (another function's `wg` is another WaitGroup), a field path (`s.mu`) in the whole file. At most `max`,
 * `except` left out.
 */
export function callsOn(
  ctx: RuleContext,
  operand: string,
  names: readonly string[],
  anchor: GoNode,
  except: GoNode | null = null,
  max = 5,
): GoNode[] {
  const local = /^\w+$/.test(operand);
  const roots = local
    ? [topFunc(anchor)].filter((f): f is GoNode => !!f)
    : ctx.file.decls.map((d) => ctx.pkg.nodeOf(d));
  const out: GoNode[] = [];
  for (const root of roots) {
    for (const call of findAll(root, 'call_expression')) {
      const c = callee(call);
      if (!c?.operand || !names.includes(c.name) || callArgs(call).length > 0 || text(c.operand) !== operand) continue;
      if (except && call.start === except.start && call.end === except.end) continue;
      out.push(call);
      if (out.length >= max) return out;
    }
  }
  return out;
}
