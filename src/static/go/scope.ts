// Resolves identifiers to local variables inside one top-level declaration, following Go's block scoping (function
// parameters, blocks, if/for/switch/select headers, case clauses, `:=` redeclaration rules). Rules follow a
// channel by its `Binding`, so a shadowing `ch := ch` or an unrelated `ch` in another closure never mixes in.
// Identifiers that resolve to nothing local are package-level names, imports or builtins.

import { child, childrenOf, text, type GoNode } from './ast.js';

export type BindingKind = 'param' | 'result' | 'receiver' | 'var' | 'const' | 'range' | 'recv' | 'typeswitch';

export interface Binding {
  readonly name: string;
  readonly kind: BindingKind;
  /** The identifier at the declaration. */
  readonly id: GoNode;
  /** Declaring statement or spec (short_var_declaration, var_spec, parameter_declaration, range_clause…). */
  readonly stmt: GoNode;
  /** Declared type, when written. */
  readonly typeNode: GoNode | null;
  /** The expression this name was initialised from; `index` > 0 selects a value of a multi-value call. */
  readonly value: { expr: GoNode; index: number; multi: boolean } | null;
  /** The function (declaration or literal) whose body declares it; the declaration itself at package level. */
  readonly func: GoNode;
  /** Every use of the name (the declaring identifier excluded). */
  readonly refs: GoNode[];
}

export interface Resolution {
  bindingOf(ident: GoNode): Binding | undefined;
  readonly bindings: readonly Binding[];
}

export function resolve(decl: GoNode): Resolution {
  const r = new Resolver(decl);
  r.visit(decl);
  return { bindingOf: (id) => r.byIdent.get(id), bindings: r.all };
}

type Scope = Map<string, Binding>;

class Resolver {
  readonly byIdent = new Map<GoNode, Binding>();
  readonly all: Binding[] = [];
  private readonly scopes: Scope[] = [];
  private readonly funcs: GoNode[] = [];

  /** `root` stands in for the function of package-level names. */
  constructor(private readonly root: GoNode) {}

  visit(n: GoNode): void {
    switch (n.type) {
      case 'function_declaration':
      case 'method_declaration':
      case 'func_literal':
        return this.func(n);
      case 'block':
      case 'communication_case':
      case 'expression_case':
      case 'default_case':
        return this.scoped(() => this.visitChildren(n));
      case 'if_statement':
      case 'expression_switch_statement':
        return this.scoped(() => this.visitChildren(n));
      case 'for_statement':
        return this.scoped(() => this.forStatement(n));
      case 'type_switch_statement':
        return this.scoped(() => this.typeSwitch(n));
      case 'receive_statement':
        return this.assignLike(n, 'recv', child(n, 'left'), child(n, 'right') ? [child(n, 'right')!] : []);
      case 'short_var_declaration':
        return this.assignLike(n, 'var', child(n, 'left'), child(n, 'right')?.children ?? []);
      case 'var_spec':
      case 'const_spec':
        return this.spec(n);
      case 'selector_expression': {
        const operand = child(n, 'operand');
        if (operand) this.visit(operand);
        return;
      }
      case 'identifier':
        return this.use(n);
      case 'type_declaration':
      case 'labeled_statement':
      default:
        return this.visitChildren(n);
    }
  }

  private visitChildren(n: GoNode): void {
    for (const c of n.children) {
      // Types contain no variable references worth tracking (array lengths aside), and field names are not uses.
      if (c.field === 'type' && n.type !== 'type_switch_statement') continue;
      if (c.type === 'label_name' || c.type === 'field_identifier') continue;
      this.visit(c);
    }
  }

  private scoped(body: () => void): void {
    this.scopes.push(new Map());
    body();
    this.scopes.pop();
  }

  private func(n: GoNode): void {
    this.funcs.push(n);
    this.scoped(() => {
      const receiver = child(n, 'receiver');
      if (receiver) this.params(receiver, 'receiver');
      const params = child(n, 'parameters');
      if (params) this.params(params, 'param');
      const result = child(n, 'result');
      if (result?.type === 'parameter_list') this.params(result, 'result');
      const body = child(n, 'body');
      // The body block shares the parameters' scope: redeclaring a parameter at its top level is an error in Go.
      if (body) for (const s of body.children) this.visit(s);
    });
    this.funcs.pop();
  }

  private params(list: GoNode, kind: BindingKind): void {
    for (const p of list.children) {
      const typeNode = child(p, 'type') ?? null;
      for (const name of childrenOf(p, 'name')) this.declare(name, kind, p, typeNode, null);
    }
  }

  private forStatement(n: GoNode): void {
    for (const c of n.children) {
      if (c.type === 'range_clause') {
        const right = child(c, 'right');
        if (right) this.visit(right);
        const left = child(c, 'left');
        if (!left) continue;
        if (declares(c, left, right)) {
          for (const id of left.children) if (id.type === 'identifier') this.declare(id, 'range', c, null, null);
        } else this.visit(left);
      } else this.visit(c);
    }
  }

  private typeSwitch(n: GoNode): void {
    const alias = child(n, 'alias');
    for (const c of n.children) {
      if (c === alias) continue;
      if (c.type === 'type_case' || c.type === 'default_case') {
        this.scoped(() => {
          for (const id of alias?.children ?? []) {
            if (id.type === 'identifier') this.declare(id, 'typeswitch', n, null, null);
          }
          for (const s of c.children) if (s.field !== 'type') this.visit(s);
        });
      } else this.visit(c);
    }
  }

  /** `a, b := x, y`, `v, ok := <-ch` and `v = <-ch` (the last only assigns). */
  private assignLike(n: GoNode, kind: BindingKind, left: GoNode | undefined, right: GoNode[]): void {
    for (const r of right) this.visit(r);
    if (!left) return;
    const isDecl = n.type === 'short_var_declaration' || declares(n, left, right[0]);
    if (!isDecl) {
      this.visit(left);
      return;
    }
    const scope = this.scopes[this.scopes.length - 1]!;
    left.children.forEach((id, i) => {
      if (id.type !== 'identifier') return this.visit(id);
      const name = text(id);
      const existing = scope.get(name);
      if (existing && name !== '_') {
        // `:=` with an already-declared name in the same scope assigns it.
        existing.refs.push(id);
        this.byIdent.set(id, existing);
        return;
      }
      this.declare(id, kind, n, null, pairValue(left.children.length, right, i));
    });
  }

  private spec(n: GoNode): void {
    const values = child(n, 'value')?.children ?? [];
    for (const v of values) this.visit(v);
    const names = childrenOf(n, 'name');
    const typeNode = child(n, 'type') ?? null;
    names.forEach((id, i) => {
      this.declare(id, n.type === 'const_spec' ? 'const' : 'var', n, typeNode, pairValue(names.length, values, i));
    });
  }

  private declare(id: GoNode, kind: BindingKind, stmt: GoNode, typeNode: GoNode | null, value: Binding['value']): void {
    const name = text(id);
    if (name === '_') return;
    const b: Binding = {
      name,
      kind,
      id,
      stmt,
      typeNode,
      value,
      func: this.funcs[this.funcs.length - 1] ?? this.root,
      refs: [],
    };
    this.scopes[this.scopes.length - 1]?.set(name, b);
    this.byIdent.set(id, b);
    this.all.push(b);
  }

  private use(id: GoNode): void {
    const name = text(id);
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const b = this.scopes[i]!.get(name);
      if (b) {
        b.refs.push(id);
        this.byIdent.set(id, b);
        return;
      }
    }
  }
}

/** Whether a range clause or receive statement uses `:=` (the token is anonymous in the tree). */
function declares(n: GoNode, left: GoNode, right: GoNode | undefined): boolean {
  const between = n.src.slice(left.end, right ? right.start : n.end);
  return between.includes(':=');
}

function pairValue(names: number, values: readonly GoNode[], i: number): Binding['value'] {
  if (values.length === names) return values[i] ? { expr: values[i]!, index: 0, multi: false } : null;
  if (values.length === 1) return { expr: values[0]!, index: i, multi: true };
  return null;
}
