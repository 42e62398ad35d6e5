// Small control-flow questions the rules ask of the syntax tree: does this loop ever end, which statements leave
// a function before a point, does one statement run before another on the same path. Answers err towards "yes,
// it may exit" so rules stay quiet when unsure.

import { callee, child, findAll, isAncestor, LOOP_OR_SWITCH, STATEMENT_LISTS, text, type GoNode } from '../go/ast.js';

/** Calls after which execution does not continue normally. */
export function isTerminatingCall(call: GoNode): boolean {
  const c = callee(call);
  if (!c) return false;
  if (!c.operand) return c.name === 'panic';
  const pkg = c.operand.type === 'identifier' ? text(c.operand) : '';
  if (pkg === 'os' && c.name === 'Exit') return true;
  if (pkg === 'runtime' && c.name === 'Goexit') return true;
  if (pkg === 'syscall' && c.name === 'Exit') return true;
  // log.Fatal*, log.Panic*, t.Fatal*, b.FailNow, t.Skip*, and loggers with the same convention.
  return /^(Fatal|Fatalf|Fatalln|Panic|Panicf|Panicln|FailNow|SkipNow|Skip|Skipf|Exit)$/.test(c.name);
}

export interface LoopExit {
  kind: 'return' | 'break' | 'goto' | 'terminate';
  node: GoNode;
}

/** Every way out of `loop` (a for statement) that stays in its function. */
export function loopExits(loop: GoNode): LoopExit[] {
  const label = loop.parent?.type === 'labeled_statement' ? text(child(loop.parent, 'label')!) : null;
  const out: LoopExit[] = [];
  const body = child(loop, 'body');
  if (!body) return out;
  for (const n of findAll(body, ['return_statement', 'break_statement', 'goto_statement', 'call_expression'], {
    skipFuncLits: true,
  })) {
    if (n.type === 'return_statement') out.push({ kind: 'return', node: n });
    else if (n.type === 'goto_statement') out.push({ kind: 'goto', node: n });
    else if (n.type === 'call_expression') {
      if (isTerminatingCall(n)) out.push({ kind: 'terminate', node: n });
    } else if (breakTarget(n) === loop || (label && n.children[0] && text(n.children[0]) === label)) {
      out.push({ kind: 'break', node: n });
    }
  }
  return out;
}

/** The for/switch/select statement an unlabeled or labeled `break` leaves. */
export function breakTarget(brk: GoNode): GoNode | null {
  const label = brk.children[0] ? text(brk.children[0]) : null;
  for (let p = brk.parent; p; p = p.parent) {
    if (p.type === 'func_literal' || p.type === 'function_declaration' || p.type === 'method_declaration') return null;
    if (label) {
      if (p.type === 'labeled_statement' && text(child(p, 'label')!) === label) {
        return p.children.find((c) => c.field !== 'label') ?? null;
      }
    } else if (LOOP_OR_SWITCH.has(p.type)) return p;
  }
  return null;
}

/** The statement directly inside a statement list that contains `n`, and that list. */
function statementIn(n: GoNode, list: GoNode): GoNode | null {
  let cur: GoNode = n;
  while (cur.parent && cur.parent !== list) cur = cur.parent;
  return cur.parent === list ? cur : null;
}

/**
 * Whether `a` certainly runs before `b` on any path reaching `b`: both sit in one statement list and `a`'s
 * statement comes first. When they are on different branches of an if/switch/select this is false.
 */
export function runsBefore(a: GoNode, b: GoNode): boolean {
  if (a.end > b.start) return false;
  for (let p = a.parent; p; p = p.parent) {
    if (!isAncestor(p, b)) continue;
    if (!STATEMENT_LISTS.has(p.type)) return false;
    const sa = statementIn(a, p);
    const sb = statementIn(b, p);
    return !!sa && !!sb && sa !== sb && sa.start < sb.start;
  }
  return false;
}

/** Returns of `func` itself (not of nested literals). */
export function returnsOf(func: GoNode): GoNode[] {
  const body = child(func, 'body');
  return body ? findAll(body, 'return_statement', { skipFuncLits: true }) : [];
}

/** Whether the loop has no condition: `for { … }`. */
export function isInfiniteFor(loop: GoNode): boolean {
  return loop.type === 'for_statement' && loop.children.every((c) => c.field === 'body');
}

/** A statement or expression inside a nested function literal relative to `func`. */
export function inNestedFunc(n: GoNode, func: GoNode): boolean {
  for (let p = n.parent; p && p !== func; p = p.parent) if (p.type === 'func_literal') return true;
  return false;
}

/**
 * Whether, on the way from the start of `region` (a statement list, from index `from`) to `exit`, a statement
 * matching `covers` runs first: a sibling before `exit`'s statement in any enclosing statement list.
 */
export function coveredBefore(exit: GoNode, region: GoNode, from: number, covers: (stmt: GoNode) => boolean): boolean {
  let cur: GoNode = exit;
  while (cur.parent) {
    const list = cur.parent;
    if (STATEMENT_LISTS.has(list.type)) {
      const idx = list.children.indexOf(cur);
      const start = list === region ? from : 0;
      for (let i = start; i < idx; i++) if (covers(list.children[i]!)) return true;
      if (list === region) return false;
    }
    cur = list;
  }
  return false;
}

/** The for loop a `continue` (labeled or not) goes back to. */
export function continueTarget(cont: GoNode): GoNode | null {
  const label = cont.children[0] ? text(cont.children[0]) : null;
  for (let p = cont.parent; p; p = p.parent) {
    if (p.type === 'func_literal' || p.type === 'function_declaration' || p.type === 'method_declaration') return null;
    if (label) {
      if (p.type === 'labeled_statement' && text(child(p, 'label')!) === label) {
        return p.children.find((c) => c.field !== 'label') ?? null;
      }
    } else if (p.type === 'for_statement') return p;
  }
  return null;
}
