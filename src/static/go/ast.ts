// The Go syntax tree the rules read: a plain-JS copy of the tree-sitter nodes of one top-level declaration.
// Copying a declaration once is cheaper than crossing into wasm on every property read, and plain objects can be
// walked, compared and cached freely. Only named nodes are kept; `comment` nodes are dropped and `statement_list`
// is flattened, so a block's (or case clause's) children are its statements.

import type { TreeCursor } from 'web-tree-sitter';

export interface GoNode {
  readonly type: string;
  /** Field name in the parent (`left`, `body`, `channel`…), or null. */
  readonly field: string | null;
  /** UTF-16 offsets into `src`. */
  readonly start: number;
  readonly end: number;
  readonly children: GoNode[];
  parent: GoNode | null;
  /** The whole file's text; `text(node)` slices it. */
  readonly src: string;
  /** Operator token of unary, binary, assignment and inc/dec nodes. */
  op?: string;
}

/** Numeric tables of the grammar, looked up once per parser. */
export interface GrammarTables {
  readonly types: readonly string[];
  readonly fields: readonly (string | null)[];
  readonly named: readonly boolean[];
}

/** Copies the subtree under the cursor's current node. The cursor is left where it started. */
export function convertSubtree(cursor: TreeCursor, g: GrammarTables, src: string): GoNode {
  const root: GoNode = {
    type: g.types[cursor.nodeTypeId] ?? 'ERROR',
    field: null,
    start: cursor.startIndex,
    end: cursor.endIndex,
    children: [],
    parent: null,
    src,
  };
  if (!cursor.gotoFirstChild()) return root;
  // `stack` holds the node children attach to at each depth; a flattened statement_list repeats its parent.
  const stack: GoNode[] = [root];
  for (;;) {
    const tid = cursor.nodeTypeId;
    const parent = stack[stack.length - 1]!;
    let descendInto: GoNode | null = null;
    if (g.named[tid]) {
      const type = g.types[tid] ?? 'ERROR';
      if (type === 'statement_list') {
        descendInto = parent;
      } else if (type !== 'comment') {
        const node: GoNode = {
          type,
          field: g.fields[cursor.currentFieldId] ?? null,
          start: cursor.startIndex,
          end: cursor.endIndex,
          children: [],
          parent,
          src,
        };
        parent.children.push(node);
        descendInto = node;
      }
    } else if (cursor.currentFieldId !== 0 && g.fields[cursor.currentFieldId] === 'operator') {
      parent.op = g.types[tid];
    }
    if (descendInto && cursor.gotoFirstChild()) {
      stack.push(descendInto);
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      cursor.gotoParent();
      stack.pop();
      if (stack.length === 0) return root;
    }
  }
}

export function text(n: GoNode): string {
  return n.src.slice(n.start, n.end);
}

export function child(n: GoNode, field: string): GoNode | undefined {
  for (const c of n.children) if (c.field === field) return c;
  return undefined;
}

export function childrenOf(n: GoNode, field: string): GoNode[] {
  return n.children.filter((c) => c.field === field);
}

/** Pre-order walk. Return `false` from `visit` to skip a node's children. */
export function walk(n: GoNode, visit: (n: GoNode) => boolean | void): void {
  const stack: GoNode[] = [n];
  while (stack.length > 0) {
    const cur = stack.pop()!;
    if (visit(cur) === false) continue;
    for (let i = cur.children.length - 1; i >= 0; i--) stack.push(cur.children[i]!);
  }
}

/** Every node of `type` under `n` (including `n`), not descending into nested function literals when asked. */
export function findAll(n: GoNode, type: string | readonly string[], opts: { skipFuncLits?: boolean } = {}): GoNode[] {
  const types = typeof type === 'string' ? [type] : type;
  const out: GoNode[] = [];
  walk(n, (c) => {
    if (types.includes(c.type)) out.push(c);
    if (opts.skipFuncLits && c !== n && c.type === 'func_literal') return false;
    return true;
  });
  return out;
}

export function isWithin(n: GoNode, ancestor: GoNode): boolean {
  return n.start >= ancestor.start && n.end <= ancestor.end && n.src === ancestor.src;
}

export function isAncestor(ancestor: GoNode, n: GoNode): boolean {
  for (let p = n.parent; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

/** Strips redundant parentheses: `((x))` → `x`. */
export function unparen(n: GoNode): GoNode {
  let cur = n;
  while (cur.type === 'parenthesized_expression' && cur.children.length === 1) cur = cur.children[0]!;
  return cur;
}

/** The innermost function (declaration, method or literal) containing `n`, `n` itself excluded. */
export function enclosingFunc(n: GoNode): GoNode | null {
  for (let p = n.parent; p; p = p.parent) if (isFuncNode(p)) return p;
  return null;
}

export function isFuncNode(n: GoNode): boolean {
  return n.type === 'function_declaration' || n.type === 'method_declaration' || n.type === 'func_literal';
}

/** For a call `f(…)` or `x.f(…)`: the called name and the receiver/package operand, if any. */
export function callee(call: GoNode): { name: string; operand: GoNode | null } | null {
  if (call.type !== 'call_expression') return null;
  const fn = child(call, 'function');
  if (!fn) return null;
  const f = unparen(fn);
  if (f.type === 'identifier') return { name: text(f), operand: null };
  if (f.type === 'selector_expression') {
    const field = child(f, 'field');
    const operand = child(f, 'operand');
    if (field && operand) return { name: text(field), operand: unparen(operand) };
  }
  return null;
}

/** The call's argument expressions (type arguments of `make(chan T)` included). */
export function callArgs(call: GoNode): GoNode[] {
  return child(call, 'arguments')?.children ?? [];
}

/** Statement-list containers: the node types whose children are statements executed in order. */
export const STATEMENT_LISTS: ReadonlySet<string> = new Set([
  'block',
  'communication_case',
  'expression_case',
  'default_case',
  'type_case',
  'source_file',
]);

export const LOOP_OR_SWITCH: ReadonlySet<string> = new Set([
  'for_statement',
  'expression_switch_statement',
  'type_switch_statement',
  'select_statement',
]);
