// The question behind GG001 and GG015: a function makes a channel, starts goroutines that send on it, and
// receives from it itself — can it stop receiving while a sender is still blocked? This module finds the sends,
// counts the senders, and lists every way the receiving function leaves early. It answers only when the channel
// stays inside the function (and its same-package callees); otherwise it returns null and the rules say nothing.

import { callee, child, findAll, isWithin, text, unparen, type GoNode } from '../go/ast.js';
import type { ChanFlow, ChanOp } from './channels.js';
import { enclosingLoop } from './exec.js';
import { breakTarget, loopExits, returnsOf, runsBefore } from './flow.js';
import { onSentinel } from './sentinel.js';

export type LeaveKind = 'no-receiver' | 'early-return' | 'select-leaves' | 'range-exits' | 'loop-exits' | 'takes-first';

export interface ReceiverLeaves {
  kind: LeaveKind;
  /** Where the receiving function leaves (a return, a select case, a break…), or the send when nobody receives. */
  at: GoNode;
}

export interface SenderAnalysis {
  flow: ChanFlow;
  /** Blocking sends (not inside a select) on goroutines the function starts. */
  sends: ChanOp[];
  /** The go statements (or `g.Go` / AfterFunc calls) starting those goroutines. */
  goSites: GoNode[];
  /** A goroutine is started in a loop, or several are started: N senders. */
  manySenders: boolean;
  /** A sender sends in a loop (a producer). */
  streams: boolean;
  leaves: ReceiverLeaves[];
}

/**
 * `timerCallbacks` selects which senders count: goroutines the function starts itself (GG001/GG015), or
 * `time.AfterFunc` callbacks (GG006), which are reported by their own rule.
 */
export function analyzeSenders(flow: ChanFlow, timerCallbacks = false): SenderAnalysis | null {
  if (!flow.make || flow.escapes.length > 0 || flow.reassigned.length > 0) return null;
  if (typeof flow.capacity !== 'number') return null;
  if (flow.ops.some((o) => o.exec.opaque)) return null;
  const parent = flow.binding.func;
  const sends = flow.ops.filter(
    (o) =>
      o.kind === 'send' &&
      o.select === null &&
      o.exec.goroutine !== null &&
      isTimerCallback(o.exec.goroutine) === timerCallbacks,
  );
  if (sends.length === 0) return null;
  // The function that makes the channel must only receive; sends from its own goroutine are another pattern.
  if (flow.ops.some((o) => o.kind === 'send' && o.exec.goroutine === null)) return null;
  const receives = flow.ops.filter((o) => o.kind === 'recv' || o.kind === 'range');
  // Receives on other goroutines, or deferred ones (a drain at return), are beyond this analysis.
  if (receives.some((o) => o.exec.goroutine !== null || o.exec.deferred)) return null;

  // Loops that enclose the make give each iteration its own channel: only loops inside its scope count.
  const made = flow.make;
  const loopOf = (n: GoNode): GoNode | null => {
    const l = enclosingLoop(n, parent);
    return l && !isWithin(made, l) ? l : null;
  };
  const goSites = [...new Set(sends.map((s) => s.exec.goroutine!))];
  const manySenders = goSites.length > 1 || goSites.some((g) => loopOf(g) !== null);
  const streams = sends.some((s) => {
    const loop = enclosingLoop(s.node);
    return loop !== null && isWithin(loop, s.exec.goroutine!);
  });
  // A callee reached through several calls contributes the same send more than once: report it once.
  const unique = sends.filter((s, i) => sends.findIndex((o) => o.node === s.node) === i);
  const a: SenderAnalysis = { flow, sends: unique, goSites, manySenders, streams, leaves: [] };
  const cap = flow.capacity;
  // Whether pending sends can outnumber the buffer once the receiver stops.
  const canBlock = cap === 0 || (!manySenders && !streams && goSites.length > cap);

  if (receives.length === 0) {
    if (canBlock) a.leaves.push({ kind: 'no-receiver', at: sends[0]!.node });
    return a;
  }
  if (!canBlock) return a;

  const firstRecv = receives.reduce((x, y) => (y.node.start < x.node.start ? y : x));
  for (const ret of returnsOf(parent)) {
    if (ret.start > firstRecv.node.start) continue;
    if (receives.some((r) => isWithin(r.node, ret))) continue;
    if (afterSendsDone(ret, unique)) continue;
    if (goSites.some((g) => runsBefore(g, ret))) a.leaves.push({ kind: 'early-return', at: ret });
  }

  for (const r of receives) {
    if (r.kind === 'recv' && r.select) a.leaves.push(...selectLeaves(r, receives, loopOf(r.select.select)));
    else if (r.kind === 'range') {
      if (manySenders || streams) a.leaves.push(...exitsOf(r.node, 'range-exits'));
    } else if (r.kind === 'recv') {
      const loop = loopOf(r.node);
      const open = (e: ReceiverLeaves) => !onClosed(e.at, r.node) && !onSentinel(e.at, r.node, unique);
      if (loop && (manySenders || streams)) a.leaves.push(...exitsOf(loop, 'loop-exits').filter(open));
    }
  }
  // N single-value senders, receives outside any loop: the function takes as many values as it has receive
  // expressions. Producers that send in a loop cannot be counted, so they are left alone here.
  // Conditional sends (only the last worker reports) cannot be counted either.
  const counted = !streams && sends.every((s) => unconditional(s.node, s.exec.goroutine!));
  if (manySenders && counted && receives.every((r) => r.kind === 'recv' && !loopOf(r.node))) {
    const senders = senderCount(goSites, loopOf);
    if (senders === null || senders > receives.length + cap) {
      a.leaves.push({ kind: 'takes-first', at: receives[receives.length - 1]!.node });
    }
  }
  return a;
}

/** Whether `send` runs on every path of its goroutine: not under an if, switch or select inside it. */
function unconditional(send: GoNode, site: GoNode): boolean {
  for (let p = send.parent; p && p !== site; p = p.parent) {
    if (p.type === 'func_literal' || p.type === 'function_declaration' || p.type === 'method_declaration') return true;
    if (/^(if_statement|expression_switch_statement|type_switch_statement|select_statement)$/.test(p.type))
      return false;
  }
  return true;
}

/** How many goroutines the go sites start, when every enclosing loop has a constant trip count. */
function senderCount(goSites: readonly GoNode[], loopOf: (n: GoNode) => GoNode | null): number | null {
  let total = 0;
  for (const g of goSites) {
    let n = 1;
    for (let loop = loopOf(g); loop; loop = loopOf(loop)) {
      const trips = tripCount(loop);
      if (trips === null) return null;
      n *= trips;
    }
    total += n;
  }
  return total;
}

/** `for i := 0; i < 3; i++` → 3, `for range 3` → 3; anything else → null. */
export function tripCount(loop: GoNode): number | null {
  const clause = loop.children.find((c) => c.type === 'for_clause' || c.type === 'range_clause');
  if (!clause) return null;
  const lit = (n: GoNode | undefined) => (n?.type === 'int_literal' ? Number(text(n).replace(/_/g, '')) : null);
  if (clause.type === 'range_clause') return lit(child(clause, 'right'));
  const init = child(clause, 'initializer');
  const cond = child(clause, 'condition');
  const update = child(clause, 'update');
  if (!init || !cond || !update || cond.type !== 'binary_expression') return null;
  const start = lit(child(init, 'right')?.children[0]);
  const bound = lit(child(cond, 'right'));
  if (start !== 0 || bound === null || !/^\w+\+\+$/.test(text(update).trim())) return null;
  return cond.op === '<' ? bound : cond.op === '<=' ? bound + 1 : null;
}

/** A goroutine started as a `time.AfterFunc` callback. */
export function isTimerCallback(site: GoNode): boolean {
  return site.type === 'call_expression' && callee(site)?.name === 'AfterFunc';
}

/** Cases of the receiving select that leave without taking the value. */
function selectLeaves(r: ChanOp, receives: readonly ChanOp[], loop: GoNode | null): ReceiverLeaves[] {
  const sel = r.select!;
  const out: ReceiverLeaves[] = [];
  const drains = (clause: GoNode) => receives.some((o) => o !== r && isWithin(o.node, clause));
  if (!loop) {
    // Any later receive outside this select may drain the value: do not guess.
    if (receives.some((o) => o !== r && !isWithin(o.node, sel.select))) return out;
    for (const clause of sel.select.children) {
      if (clause === sel.clause || drains(clause)) continue;
      out.push({ kind: 'select-leaves', at: clause.children[0] ?? clause });
    }
    return out;
  }
  const exits = loopExits(loop).filter((e) => e.kind !== 'terminate');
  for (const clause of sel.select.children) {
    if (clause === sel.clause || drains(clause)) continue;
    const leaves = exits.some((e) => isWithin(e.node, clause));
    if (leaves) out.push({ kind: 'select-leaves', at: clause.children[0] ?? clause });
  }
  return out;
}

/**
 * Whether `exit` runs only once the channel is closed: it sits in the then-branch of `if !ok` where `ok` is the
 * second variable of `v, ok := <-ch` (the receive `recv`). A loop that leaves there has taken every value.
 */
function onClosed(exit: GoNode, recv: GoNode): boolean {
  const decl = recv.parent?.parent;
  if (decl?.type !== 'short_var_declaration' && decl?.type !== 'assignment_statement') return false;
  const names = child(decl, 'left')?.children.filter((c) => c.type === 'identifier') ?? [];
  if (names.length !== 2) return false;
  const ok = text(names[1]!);
  for (let p = exit.parent; p && p !== decl.parent; p = p.parent) {
    if (p.type !== 'block' || p.parent?.type !== 'if_statement' || p.field !== 'consequence') continue;
    const cond = child(p.parent, 'condition');
    if (cond && /^!\s*(\w+)$/.exec(text(cond).trim())?.[1] === ok) return true;
  }
  return false;
}

/**
 * Whether `ret` runs only after the senders are done with the channel: it is in a select case receiving from a
 * channel `done` that each sending goroutine sends on only after the statements doing its sends (`err :=
 * produce(ch); done <- err`). Taking that value means every send on the channel has completed.
 */
function afterSendsDone(ret: GoNode, sends: readonly ChanOp[]): boolean {
  let clause: GoNode | null = ret.parent;
  while (clause && clause.type !== 'communication_case') clause = clause.parent;
  const comm = clause ? child(clause, 'communication') : undefined;
  const right = comm?.type === 'receive_statement' ? child(comm, 'right') : comm;
  const recv = right ? unparen(right) : null;
  if (recv?.type !== 'unary_expression' || !text(recv).startsWith('<-')) return false;
  const done = text(recv).slice(2).trim();
  return sends.every((s) => {
    const signals = findAll(s.exec.goroutine!, 'send_statement').filter((x) => text(child(x, 'channel') ?? x) === done);
    return signals.length > 0 && signals.every((x) => runsBefore(s.via ?? s.node, x));
  });
}

/** Returns and breaks that leave `loop` early. */
function exitsOf(loop: GoNode, kind: LeaveKind): ReceiverLeaves[] {
  return loopExits(loop)
    .filter((e) => e.kind === 'return' || e.kind === 'goto' || (e.kind === 'break' && breakTarget(e.node) !== null))
    .map((e) => ({ kind, at: e.node }));
}
