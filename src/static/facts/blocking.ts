// What the Go source says about one blocking line of a goroutine dump: the operation at `file:line` (a range over a
// channel, a receive, a send, a select and its cases) and what its channel is (a ticker's `C`, `ctx.Done()`, a
// struct field). A dump shows where goroutines wait, not why; the line of code tells a ticker loop from a channel
// nobody closes, and a receive from a send where debug=1 prints only "chan send or receive".

import { callee, child, enclosingFunc, text, unparen, walk, type GoNode } from '../go/ast.js';
import type { GoFile } from '../go/parser.js';
import { resolve, type Resolution } from '../go/scope.js';

export type BlockingOp = 'range' | 'recv' | 'send' | 'select';

/** What a channel expression is. */
export type ChanKind = 'ticker' | 'ctx-done' | 'timer' | 'time-after' | 'field' | 'local' | 'other';

export interface SelectCaseFact {
  op: 'recv' | 'send';
  chan: ChanKind;
  code: string;
}

export interface BlockingFact {
  op: BlockingOp;
  /** The source line, trimmed. */
  code: string;
  /** The channel ranged over, received from or sent to (not for a select). */
  chan?: ChanKind;
  /** The channel expression's text (`t.C`, `p.results`). */
  chanText?: string;
  /** A select's communication cases, and whether it has a default. */
  cases?: SelectCaseFact[];
  hasDefault?: boolean;
  /** The operation is inside a `for` loop of its function. */
  inLoop: boolean;
  /** The function is a literal passed to `time.AfterFunc`: the timer's callback. */
  inAfterFunc: boolean;
  /** The enclosing function's first line, trimmed (`func (p *Poller) PollAll() []string {`). */
  funcCode?: string;
}

/**
 * The blocking operation at 1-based `line` of `file`, or undefined when the line holds none. With `func` (the
 * dump's function name, `pkg.(*T).run.func1`), the line must lie in a declaration that name mentions: a dump of
 * another build, whose lines moved, must not be read as whatever code sits at that line now.
 */
export function blockingAt(file: GoFile, line: number, func?: string): BlockingFact | undefined {
  const decl = file.decls.find((d) => {
    const first = file.src.position(d.start).line;
    const last = file.src.position(d.end).line;
    return first <= line && line <= last && (d.kind === 'func' || d.kind === 'method');
  });
  if (!decl) return undefined;
  if (func && !namesDecl(func, decl.name)) return undefined;
  const root = decl.node();
  const lineOf = (n: GoNode) => file.src.position(n.start).line;
  const candidates: GoNode[] = [];
  walk(root, (n) => {
    const first = lineOf(n);
    if (first > line || file.src.position(n.end).line < line) return false;
    if (first === line && isBlockingNode(n)) candidates.push(n);
    return true;
  });
  // The runtime reports a `for … range ch` at the `for` line, a select at the `select` line; a receive or send
  // inside another statement at its own line. Prefer the outermost operation that starts on the line.
  const node = candidates[0];
  if (!node) return undefined;
  const scope = resolve(root);
  const code = withoutComment(file.src.line(line)).trim();
  const inLoop = loopAround(node);
  const fn = enclosingFunc(node);
  const funcCode = fn ? file.src.line(lineOf(fn)).trim() : undefined;
  const inAfterFunc = !!fn && fn.type === 'func_literal' && isAfterFuncArg(fn);
  const base = { code, inLoop, inAfterFunc, ...(funcCode ? { funcCode } : {}) };
  switch (node.type) {
    case 'for_statement': {
      const right = unparen(child(rangeClause(node)!, 'right')!);
      return { op: 'range', chan: chanKind(right, file, scope), chanText: text(right), ...base };
    }
    case 'select_statement': {
      const cases: SelectCaseFact[] = [];
      let hasDefault = false;
      for (const c of node.children) {
        if (c.type === 'default_case') hasDefault = true;
        if (c.type !== 'communication_case') continue;
        const comm = child(c, 'communication');
        if (!comm) continue;
        const recv = recvOperand(comm);
        if (recv) cases.push({ op: 'recv', chan: chanKind(recv, file, scope), code: text(comm) });
        else if (comm.type === 'send_statement') {
          const ch = unparen(child(comm, 'channel')!);
          cases.push({ op: 'send', chan: chanKind(ch, file, scope), code: text(comm) });
        }
      }
      return { op: 'select', cases, hasDefault, ...base };
    }
    case 'send_statement': {
      const ch = unparen(child(node, 'channel')!);
      return { op: 'send', chan: chanKind(ch, file, scope), chanText: text(ch), ...base };
    }
    default: {
      const ch = unparen(child(node, 'operand')!);
      return { op: 'recv', chan: chanKind(ch, file, scope), chanText: text(ch), ...base };
    }
  }
}

/** `example.com/x.(*T).run.func1` mentions `run`; closures are named after their (inlining) callers too. */
function namesDecl(func: string, name: string): boolean {
  const local = func.slice(func.lastIndexOf('/') + 1).replace(/\[[^\]]*\]/g, '');
  return local.split('.').some((part) => part.replace(/^\(\*?|\)$/g, '') === name);
}

function isAfterFuncArg(lit: GoNode): boolean {
  const call = lit.parent?.type === 'argument_list' ? lit.parent.parent : undefined;
  return !!call && callee(call)?.name === 'AfterFunc';
}

function isBlockingNode(n: GoNode): boolean {
  if (n.type === 'select_statement' || n.type === 'send_statement') return true;
  if (n.type === 'unary_expression' && n.op === '<-') return true;
  return n.type === 'for_statement' && rangeClause(n) !== undefined;
}

function rangeClause(loop: GoNode): GoNode | undefined {
  return loop.children.find((c) => c.type === 'range_clause');
}

/** The channel of a receive communication (`<-ch`, `v := <-ch`, `v, ok = <-ch`). */
function recvOperand(comm: GoNode): GoNode | undefined {
  let e: GoNode | undefined = comm;
  if (comm.type === 'receive_statement') e = child(comm, 'right');
  else if (comm.type === 'expression_statement') e = comm.children[0];
  if (!e) return undefined;
  e = unparen(e);
  return e.type === 'unary_expression' && e.op === '<-' ? unparen(child(e, 'operand')!) : undefined;
}

function loopAround(n: GoNode): boolean {
  if (n.type === 'for_statement') return true;
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'for_statement') return true;
    if (p.type === 'func_literal' || p.type === 'function_declaration' || p.type === 'method_declaration') break;
  }
  return false;
}

const TICKER_TYPE = /^\*?time\.Ticker$/;
const TIMER_TYPE = /^\*?time\.Timer$/;

function chanKind(e: GoNode, file: GoFile, scope: Resolution): ChanKind {
  const n = unparen(e);
  if (n.type === 'call_expression') {
    const c = callee(n);
    if (c?.name === 'Done' && c.operand) return 'ctx-done';
    if (c?.operand && text(c.operand) === 'time' && file.imports.get('time') === 'time') {
      if (c.name === 'Tick') return 'ticker';
      if (c.name === 'After') return 'time-after';
    }
    return 'other';
  }
  if (n.type === 'selector_expression') {
    const field = text(child(n, 'field')!);
    const operand = unparen(child(n, 'operand')!);
    if (field === 'C') {
      const kind = timeKind(operand, file, scope);
      if (kind) return kind;
    }
    return 'field';
  }
  if (n.type === 'identifier') {
    const b = scope.bindingOf(n);
    const v = b?.value && !b.value.multi ? unparen(b.value.expr) : undefined;
    if (v?.type === 'call_expression') {
      const c = callee(v);
      if (c?.operand && text(c.operand) === 'time' && c.name === 'Tick') return 'ticker';
      if (c?.name === 'Done' && c.operand) return 'ctx-done';
    }
    return b ? 'local' : 'other';
  }
  return 'other';
}

/** `t` of `t.C`: a ticker or a timer, by its initialiser, declared type, or a struct field's declared type. */
function timeKind(operand: GoNode, file: GoFile, scope: Resolution): 'ticker' | 'timer' | undefined {
  if (operand.type === 'identifier') {
    const b = scope.bindingOf(operand);
    if (!b) return undefined;
    const type = b.typeNode ? text(b.typeNode) : '';
    if (TICKER_TYPE.test(type)) return 'ticker';
    if (TIMER_TYPE.test(type)) return 'timer';
    const v = b.value && !b.value.multi ? unparen(b.value.expr) : undefined;
    const c = v?.type === 'call_expression' ? callee(v) : null;
    if (c?.operand && text(c.operand) === 'time') {
      if (c.name === 'NewTicker') return 'ticker';
      if (c.name === 'NewTimer') return 'timer';
    }
    return undefined;
  }
  if (operand.type === 'selector_expression') {
    // A struct field: its declared type, searched in this file's text (fields of other files stay unknown).
    const field = text(child(operand, 'field')!);
    const m = new RegExp(`^\\s*${field}\\s+(\\*?time\\.(?:Ticker|Timer))\\b`, 'm').exec(file.src.text);
    if (m) return TICKER_TYPE.test(m[1]!) ? 'ticker' : 'timer';
  }
  return undefined;
}

/** The line without a trailing `// comment` (a `//` inside a string literal stays). */
function withoutComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === '\\' && quote !== '`') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === '`' || ch === "'") quote = ch;
    else if (ch === '/' && line[i + 1] === '/') return line.slice(0, i);
  }
  return line;
}
