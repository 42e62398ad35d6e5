// Follows an unexported channel-typed struct field across its package: every `x.f` send, receive, range and close,
// every assignment (`x.f = …`, `T{f: …}`, positional `T{…}`), and every use that hands the channel elsewhere.
// Unexported fields cannot be touched from other packages, so when the package never assigns the field it is
// always nil (GG013), and when nothing in the package closes it a range over it never ends (GG002).

import { callee, child, findAll, text, unparen, type GoNode } from '../go/ast.js';
import { isMakeChan } from './channels.js';
import type { GoPackage } from './package.js';

export type FieldOpKind = 'send' | 'recv' | 'range' | 'close';

export interface FieldOp {
  kind: FieldOpKind;
  /** send_statement, `<-x.f` unary expression, the ranging for_statement, or the close call. */
  node: GoNode;
  /** The op is a communication of a select case. */
  inSelect: boolean;
}

export interface ChanField {
  name: string;
  owners: string[];
  ops: FieldOp[];
  /** Assignments and initialisations of the field. */
  assigned: GoNode[];
  /** Every assignment is a fresh `make(chan …)` (nothing else can close it under another name). */
  makeOnly: boolean;
  /** Uses that hand the channel elsewhere: arguments, returns, aliases, `&x.f`. */
  escapes: GoNode[];
}

/** Unexported struct fields declared as channels, by name, found in the package's text without parsing. */
export function chanFieldNames(sources: readonly string[]): string[] {
  const names = new Set<string>();
  for (const s of sources) {
    if (!s.includes('chan')) continue;
    for (const m of s.matchAll(/(?:^|[{;])\s*([a-z_]\w*(?:\s*,\s*[a-z_]\w*)*)\s+(?:<-\s*)?chan\b/gm)) {
      for (const n of m[1]!.split(',')) names.add(n.trim());
    }
  }
  return [...names];
}

/** A trigger matching uses of the package's unexported channel fields (`x.updates`), or null if it has none. */
export function chanFieldTrigger(sources: readonly string[]): RegExp | null {
  const names = chanFieldNames(sources);
  return names.length > 0 ? new RegExp(`\\.(?:${names.join('|')})\\b`) : null;
}

export class FieldFacts {
  private readonly memo = new Map<string, ChanField | null>();

  constructor(private readonly pkg: GoPackage) {}

  /** Facts for the field `name`, or null when it is not a single, unambiguous unexported channel field. */
  field(name: string): ChanField | null {
    if (this.memo.has(name)) return this.memo.get(name)!;
    const f = this.compute(name);
    this.memo.set(name, f);
    return f;
  }

  private compute(name: string): ChanField | null {
    if (!/^[a-z_]/.test(name)) return null;
    const decls = this.pkg.fields(name);
    if (decls.length === 0 || !decls.every((d) => d.type.type === 'channel_type')) return null;
    const owners = [...new Set(decls.map((d) => d.owner))];
    const facts: ChanField = { name, owners, ops: [], assigned: [], makeOnly: true, escapes: [] };
    // Declarations naming the field, or building an owner with a positional literal (`T{make(chan int)}`).
    const word = new RegExp(`\\b${name}\\b|\\b(?:${owners.join('|')})(?:\\[[^\\]]*\\])?\\s*\\{`);
    for (const file of this.pkg.files) {
      for (const d of file.decls) {
        if (d.kind !== 'func' && d.kind !== 'method' && d.kind !== 'var') continue;
        if (!word.test(file.src.text.slice(d.start, d.end))) continue;
        const root = this.pkg.nodeOf(d);
        for (const sel of findAll(root, 'selector_expression')) {
          if (text(child(sel, 'field')!) === name) this.classify(sel, facts);
        }
        for (const kv of findAll(root, 'keyed_element')) {
          const key = child(kv, 'key');
          if (!key || text(key).trim() !== name) continue;
          facts.assigned.push(kv);
          const value = child(kv, 'value')?.children[0];
          if (!value || !isMakeChan(unparen(value))) facts.makeOnly = false;
        }
        for (const lit of findAll(root, 'composite_literal')) {
          const type = child(lit, 'type');
          const body = child(lit, 'body');
          const positional = body?.children.some((c) => c.type === 'literal_element');
          if (type && positional && owners.includes(text(type).replace(/^\*/, '').split('[')[0]!)) {
            facts.assigned.push(lit);
            facts.makeOnly = false;
          }
        }
      }
    }
    return facts;
  }

  private classify(sel: GoNode, facts: ChanField): void {
    let use = sel;
    while (use.parent?.type === 'parenthesized_expression') use = use.parent;
    const p = use.parent;
    if (!p) return;
    if (p.type === 'send_statement') {
      if (use.field === 'channel') facts.ops.push({ kind: 'send', node: p, inSelect: isComm(p) });
      else facts.escapes.push(sel);
    } else if (p.type === 'unary_expression' && p.op === '<-') {
      facts.ops.push({ kind: 'recv', node: p, inSelect: p.parent?.type === 'receive_statement' && isComm(p.parent) });
    } else if (p.type === 'unary_expression' && p.op === '&') {
      facts.assigned.push(p);
      facts.makeOnly = false;
    } else if (p.type === 'range_clause' && use.field === 'right' && p.parent) {
      facts.ops.push({ kind: 'range', node: p.parent, inSelect: false });
    } else if (p.type === 'binary_expression' && (p.op === '==' || p.op === '!=')) {
      // comparing with nil
    } else if (p.type === 'expression_list' && p.field === 'left' && p.parent?.type === 'assignment_statement') {
      facts.assigned.push(p.parent);
      const rhs = child(p.parent, 'right')?.children[p.children.indexOf(use)];
      if (!rhs || !isMakeChan(unparen(rhs))) facts.makeOnly = false;
    } else if (p.type === 'argument_list' && p.parent?.type === 'call_expression') {
      const c = callee(p.parent);
      if (c && !c.operand && c.name === 'close') facts.ops.push({ kind: 'close', node: p.parent, inSelect: false });
      else if (!(c && !c.operand && (c.name === 'len' || c.name === 'cap'))) facts.escapes.push(sel);
    } else if (p.type !== 'selector_expression') {
      facts.escapes.push(sel);
    }
  }
}

function isComm(n: GoNode): boolean {
  return n.field === 'communication' && n.parent?.type === 'communication_case';
}

/** The field name of `x.f` when `n` is a selector, else null. */
export function selectorField(n: GoNode): string | null {
  const u = unparen(n);
  return u.type === 'selector_expression' ? text(child(u, 'field')!) : null;
}
