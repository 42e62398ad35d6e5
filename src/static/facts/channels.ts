// Follows one channel variable through the function that declares it, the closures and goroutines it starts, and
// same-package callees it is passed to: every send, receive, range and close, where each runs (which goroutine,
// inside which select), and every use that lets the channel escape where we cannot follow it. Rules GG001, GG002,
// GG013 and GG015 decide from this flow; when a channel escapes they stay silent.

import { callArgs, callee, child, text, unparen, type GoNode } from '../go/ast.js';
import type { Decl } from '../go/parser.js';
import type { Binding } from '../go/scope.js';
import { execOf, type Exec } from './exec.js';
import type { GoPackage } from './package.js';

export type ChanOpKind = 'send' | 'recv' | 'range' | 'close';

export interface SelectCase {
  select: GoNode;
  /** The communication_case holding the operation. */
  clause: GoNode;
  hasDefault: boolean;
}

export interface ChanOp {
  kind: ChanOpKind;
  /** send_statement, `<-ch` unary expression, the ranging for_statement, or the close call. */
  node: GoNode;
  /** Where it runs, relative to the channel's declaring function. */
  exec: Exec;
  select: SelectCase | null;
  /** The call into a same-package function that performs the operation, when it is not done in place. */
  via: GoNode | null;
  /** `defer close(ch)` or a close inside a deferred literal. */
  deferred: boolean;
}

export interface ChanFlow {
  binding: Binding;
  /** `make(chan T[, n])` initialising the variable, if any. */
  make: GoNode | null;
  /** 0 = unbuffered; a number = literal capacity; 'dynamic' = computed capacity; null = not made here. */
  capacity: number | 'dynamic' | null;
  ops: ChanOp[];
  /** Uses the analysis cannot follow (returned, stored, passed to unknown code, aliased). */
  escapes: GoNode[];
  /** Assignments `ch = …` other than to nil. */
  reassigned: GoNode[];
  /** `ch = nil` (the idiom that disables a select case). */
  nilled: GoNode[];
}

const MAX_CALLEE_DEPTH = 3;

export class ChannelFacts {
  private readonly memo = new Map<Binding, ChanFlow>();
  private readonly inProgress = new Set<Binding>();

  constructor(private readonly pkg: GoPackage) {}

  flow(b: Binding, depth = 0): ChanFlow {
    const cached = this.memo.get(b);
    if (cached) return cached;
    const flow = this.compute(b, depth);
    this.memo.set(b, flow);
    return flow;
  }

  private compute(b: Binding, depth: number): ChanFlow {
    const made = makeOf(b);
    const flow: ChanFlow = {
      binding: b,
      make: made?.call ?? null,
      capacity: made?.capacity ?? null,
      ops: [],
      escapes: [],
      reassigned: [],
      nilled: [],
    };
    this.inProgress.add(b);
    const imports = this.pkg.importsOf(b.id);
    for (const ref of b.refs) this.classify(ref, b, flow, imports, depth);
    this.inProgress.delete(b);
    return flow;
  }

  private classify(
    ref: GoNode,
    b: Binding,
    flow: ChanFlow,
    imports: ReturnType<GoPackage['importsOf']>,
    depth: number,
  ): void {
    let use = ref;
    while (use.parent?.type === 'parenthesized_expression') use = use.parent;
    const p = use.parent;
    if (!p) return;
    const exec = () => execOf(ref, b.func, imports);
    if (p.type === 'send_statement') {
      if (use.field === 'channel') flow.ops.push(op('send', p, exec(), selectOf(p)));
      else flow.escapes.push(ref);
      return;
    }
    if (p.type === 'unary_expression' && p.op === '<-') {
      flow.ops.push(op('recv', p, exec(), selectOf(p)));
      return;
    }
    if (p.type === 'range_clause' && use.field === 'right' && p.parent) {
      flow.ops.push(op('range', p.parent, exec(), null));
      return;
    }
    if (p.type === 'binary_expression' && (p.op === '==' || p.op === '!=')) return;
    if (p.type === 'expression_list' && p.field === 'left' && p.parent?.type === 'assignment_statement') {
      const stmt = p.parent;
      const i = p.children.indexOf(use);
      const rhs = child(stmt, 'right')?.children[i];
      if (rhs && unparen(rhs).type === 'nil') flow.nilled.push(stmt);
      else flow.reassigned.push(stmt);
      return;
    }
    if (p.type === 'argument_list' && p.parent?.type === 'call_expression') {
      const call = p.parent;
      const c = callee(call);
      if (c && !c.operand && !this.pkg.bindingOf(child(call, 'function')!)) {
        if (c.name === 'close') {
          const e = exec();
          const deferred = call.parent?.type === 'defer_statement' || e.deferred;
          flow.ops.push({ kind: 'close', node: call, exec: e, select: null, via: null, deferred });
          return;
        }
        if (c.name === 'len' || c.name === 'cap') return;
      }
      this.throughCallee(call, p.children.indexOf(use), ref, flow, exec(), depth);
      return;
    }
    flow.escapes.push(ref);
  }

  /** A channel passed to a same-package function: import that function's operations on its parameter. */
  private throughCallee(call: GoNode, argIndex: number, ref: GoNode, flow: ChanFlow, exec: Exec, depth: number): void {
    const target = depth < MAX_CALLEE_DEPTH ? this.calleeDecl(call) : null;
    const param = target ? paramBinding(this.pkg, target, argIndex) : null;
    if (!param || this.inProgress.has(param) || param.kind !== 'param') {
      flow.escapes.push(ref);
      return;
    }
    const inner = this.flow(param, depth + 1);
    if (inner.escapes.length > 0 || inner.reassigned.length > 0) {
      flow.escapes.push(ref);
      return;
    }
    const goStmt = call.parent?.type === 'go_statement' ? call.parent : null;
    for (const o of inner.ops) {
      flow.ops.push({
        kind: o.kind,
        node: o.node,
        exec: {
          goroutine: o.exec.goroutine ?? goStmt ?? exec.goroutine,
          deferred: exec.deferred || (o.deferred && !goStmt && !exec.goroutine),
          opaque: exec.opaque || o.exec.opaque,
          func: exec.func,
        },
        select: o.select,
        via: o.via ?? call,
        deferred: o.deferred,
      });
    }
  }

  /** The same-package function or (uniquely named) method a call invokes. */
  private calleeDecl(call: GoNode): Decl | null {
    const c = callee(call);
    if (!c) return null;
    if (!c.operand) {
      const fn = child(call, 'function')!;
      if (this.pkg.bindingOf(unparen(fn))) return null;
      const decls = this.pkg.funcs(c.name);
      return decls.length === 1 ? decls[0]! : null;
    }
    // x.m(ch): without types, trust the method only when its name is unique in the package and x is a local.
    if (c.operand.type !== 'identifier' || !this.pkg.bindingOf(c.operand)) return null;
    const decls = this.pkg.methods(c.name);
    return decls.length === 1 ? decls[0]! : null;
  }
}

function op(kind: ChanOpKind, node: GoNode, exec: Exec, select: SelectCase | null): ChanOp {
  return { kind, node, exec, select, via: null, deferred: false };
}

/** The select case whose communication is `opNode` (a send statement or a receive expression). */
export function selectOf(opNode: GoNode): SelectCase | null {
  let comm: GoNode = opNode;
  if (opNode.type === 'unary_expression') {
    const p = opNode.parent;
    if (p?.type === 'receive_statement') comm = p;
    else return null;
  }
  const clause = comm.parent;
  if (clause?.type !== 'communication_case' || comm.field !== 'communication') return null;
  const select = clause.parent!;
  return { select, clause, hasDefault: select.children.some((c) => c.type === 'default_case') };
}

/** Whether `b` was initialised with `make(chan T[, n])`, and the capacity. */
export function makeOf(b: Binding): { call: GoNode; capacity: number | 'dynamic' } | null {
  if (!b.value || b.value.multi) return null;
  const call = unparen(b.value.expr);
  if (!isMakeChan(call)) return null;
  return { call, capacity: capacityOf(call) };
}

export function isMakeChan(call: GoNode): boolean {
  const c = callee(call);
  if (!c || c.operand || c.name !== 'make') return false;
  const args = callArgs(call);
  return args[0]?.type === 'channel_type';
}

export function capacityOf(makeCall: GoNode): number | 'dynamic' {
  const arg = callArgs(makeCall)[1];
  if (!arg) return 0;
  const t = unparen(arg);
  if (t.type === 'int_literal') {
    const n = Number(text(t).replace(/_/g, ''));
    return Number.isFinite(n) ? n : 'dynamic';
  }
  return 'dynamic';
}

/** The binding of the callee's `index`-th parameter (names flattened in order; variadic gives up). */
function paramBinding(pkg: GoPackage, decl: Decl, index: number): Binding | null {
  const fn = pkg.nodeOf(decl);
  const params = child(fn, 'parameters');
  if (!params) return null;
  let i = 0;
  for (const p of params.children) {
    if (p.type !== 'parameter_declaration') return null;
    const names = p.children.filter((c) => c.field === 'name');
    if (names.length === 0) i++;
    for (const nm of names) {
      if (i === index) return pkg.bindingOf(nm) ?? null;
      i++;
    }
  }
  return null;
}
