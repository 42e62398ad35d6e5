// Where a piece of code runs relative to the function that contains it: in that function's own goroutine, in a
// goroutine it starts (`go f()`, `go func(){…}()`, `g.Go(func…)`, `time.AfterFunc(d, func…)`), deferred, or in a
// closure handed to someone else that runs at an unknown time ("opaque").

import { callArgs, callee, child, enclosingFunc, type GoNode, unparen } from '../go/ast.js';
import type { ImportMap } from '../go/imports.js';

export type LaunchKind = 'go' | 'defer' | 'call' | 'async' | 'opaque';

export interface Launch {
  kind: LaunchKind;
  /** The go/defer statement, or the call that receives the literal. */
  site: GoNode;
}

/** How a function literal gets run. */
export function classifyFuncLit(lit: GoNode, imports: ImportMap): Launch {
  const p = lit.parent;
  if (p?.type === 'call_expression' && lit.field === 'function') {
    const stmt = p.parent;
    if (stmt?.type === 'go_statement') return { kind: 'go', site: stmt };
    if (stmt?.type === 'defer_statement') return { kind: 'defer', site: stmt };
    return { kind: 'call', site: p };
  }
  if (p?.type === 'argument_list' && p.parent?.type === 'call_expression') {
    const call = p.parent;
    if (isAsyncRunner(call, imports)) return { kind: 'async', site: call };
    return { kind: 'opaque', site: call };
  }
  return { kind: 'opaque', site: lit };
}

/**
 * Calls that run their function argument on a new goroutine: errgroup/WaitGroup/conc `X.Go(f)`, and
 * `time.AfterFunc(d, f)` whose callback runs on its own goroutine.
 */
export function isAsyncRunner(call: GoNode, imports: ImportMap): boolean {
  const c = callee(call);
  if (!c) return false;
  if (c.name === 'Go' && c.operand) return true;
  if (
    c.name === 'AfterFunc' &&
    c.operand?.type === 'identifier' &&
    imports.get(c.operand.src.slice(c.operand.start, c.operand.end)) === 'time'
  ) {
    return true;
  }
  return false;
}

export interface Exec {
  /** The statement or call that started the goroutine the code runs on; null = the outer function's goroutine. */
  goroutine: GoNode | null;
  /** Inside a deferred literal (runs when its function returns). */
  deferred: boolean;
  /** Inside a literal stored or passed elsewhere: runs at an unknown time on an unknown goroutine. */
  opaque: boolean;
  /** The innermost function (declaration or literal) containing the code. */
  func: GoNode;
}

/** Execution context of `n` relative to `outer` (a function node containing it). */
export function execOf(n: GoNode, outer: GoNode, imports: ImportMap): Exec {
  const func = enclosingFunc(n) ?? outer;
  const exec: Exec = { goroutine: null, deferred: false, opaque: false, func };
  for (let f: GoNode | null = func; f && f !== outer; f = enclosingFunc(f)) {
    if (f.type !== 'func_literal') break;
    const launch = classifyFuncLit(f, imports);
    if ((launch.kind === 'go' || launch.kind === 'async') && !exec.goroutine) exec.goroutine = launch.site;
    else if (launch.kind === 'defer' && !exec.goroutine) exec.deferred = true;
    else if (launch.kind === 'opaque') exec.opaque = true;
  }
  return exec;
}

/** The call of a go statement (`go f(x)` → `f(x)`). */
export function goCall(goStmt: GoNode): GoNode | null {
  const c = goStmt.children[0];
  return c && unparen(c).type === 'call_expression' ? unparen(c) : null;
}

/** The innermost for statement containing `n` without crossing a function boundary; null if none. */
export function enclosingLoop(n: GoNode, stopAt?: GoNode): GoNode | null {
  for (let p = n.parent; p && p !== stopAt; p = p.parent) {
    if (p.type === 'for_statement') return p;
    if (p.type === 'func_literal' || p.type === 'function_declaration' || p.type === 'method_declaration') return null;
  }
  return null;
}

/** Arguments of the call started by `go`, when the callee is named (`go worker(ch)`). */
export function goArgs(goStmt: GoNode): GoNode[] {
  const call = goCall(goStmt);
  if (!call) return [];
  const fn = child(call, 'function');
  return fn && unparen(fn).type !== 'func_literal' ? callArgs(call) : [];
}
