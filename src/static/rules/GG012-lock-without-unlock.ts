// GG012: `mu.Lock()` followed by an `mu.Unlock()` later in the same block, with a return (or break/continue out
// of the loop) in between that does not unlock first. That path leaves the mutex locked and every later Lock
// waits forever. Functions that never unlock what they lock (lock-acquiring helpers) are not reported.

import { callArgs, callee, findAll, isAncestor, STATEMENT_LISTS, text, type GoNode } from '../go/ast.js';
import { breakTarget, continueTarget, coveredBefore } from '../facts/flow.js';
import { callsOn, lineOf } from './common.js';
import { PATTERNS } from '../../model/index.js';
import type { Rule, RuleContext, RuleMeta, RuleVisitors } from '../types.js';

export const meta: RuleMeta = {
  id: 'GG012',
  title: PATTERNS.GG012.title,
  severity: 'error',
  explanation:
    'The mutex is locked and later unlocked in the same block, but a `return` (or a `break`/`continue` leaving ' +
    'the loop) between the two skips the unlock. After that path runs once the mutex stays locked, and every ' +
    'goroutine that calls `Lock` on it waits in `sync.Mutex.Lock` forever.',
  fix: PATTERNS.GG012.staticFix,
  docs: 'docs/rules/GG012.md',
  triggers: /\.R?Lock\(\)/,
};

export function create(ctx: RuleContext): RuleVisitors {
  return {
    expression_statement(stmt) {
      const call = stmt.children[0];
      const c = call && callee(call);
      if (!c || !c.operand || (c.name !== 'Lock' && c.name !== 'RLock') || callArgs(call).length > 0) return;
      const list = stmt.parent;
      if (!list || !STATEMENT_LISTS.has(list.type)) return;
      const mu = text(c.operand);
      const unlock = c.name === 'Lock' ? 'Unlock' : 'RUnlock';
      const lockIdx = list.children.indexOf(stmt);
      const later = list.children.slice(lockIdx + 1);
      const mainIdx = later.findIndex((s) => isCall(s, mu, unlock));
      // No unlock at this level: a lock-acquiring helper, or an unlock we cannot see. Not ours to judge.
      if (mainIdx < 0) return;
      // `for { mu.Lock(); if ok { return }; mu.Unlock() }` retries until it can return holding the lock: the
      // caller takes it over. Exits there are the success path, not a forgotten unlock.
      const retryLoop = list.type === 'block' && list.parent?.type === 'for_statement' && mainIdx === later.length - 1;
      const region = later.slice(0, mainIdx);
      if (region.some((s) => s.type === 'defer_statement' && unlocks(s))) return;
      const regionStart = lockIdx + 1;
      for (const s of region) {
        for (const exit of findAll(s, ['return_statement', 'break_statement', 'continue_statement'], {
          skipFuncLits: true,
        })) {
          if (!leavesRegion(exit, list) || (retryLoop && exit.type !== 'continue_statement')) continue;
          if (exit.type === 'break_statement' && unlockedAfterLoop(exit, mu)) continue;
          if (unlocks(exit) || coveredBefore(exit, list, regionStart, unlocks)) continue;
          const verb =
            exit.type === 'return_statement' ? 'returns' : exit.type === 'break_statement' ? 'breaks out' : 'continues';
          const blocked = callsOn(ctx, mu, ['Lock', 'RLock'], stmt, call).map((node) => ({
            node,
            message: `the next ${callee(node)!.name} of \`${mu}\` blocks here`,
          }));
          ctx.report({
            node: exit,
            message: `${verb} with \`${mu}\` still locked: ${c.name} at line ${lineOf(ctx, stmt)}, ${unlock} only at line ${lineOf(ctx, later[mainIdx]!)}`,
            related: [{ node: stmt, message: `\`${mu}\` locked here` }, ...blocked],
          });
        }
      }
    },
  };
}

/** `mu.Unlock()` as a statement. */
function isCall(s: GoNode, operand: string, name: string): boolean {
  if (s.type !== 'expression_statement') return false;
  const c = s.children[0] && callee(s.children[0]);
  return !!c && c.name === name && !!c.operand && text(c.operand) === operand;
}

/** Any call whose name says it unlocks (`Unlock`, `RUnlock`, `unlockAndRun`…) inside `n`. */
function unlocks(n: GoNode): boolean {
  return findAll(n, 'call_expression').some((call) => /nlock/.test(callee(call)?.name ?? ''));
}

/** A `break` out of the loop where the code after the loop unlocks: holding the lock across the break is deliberate. */
function unlockedAfterLoop(brk: GoNode, mu: string): boolean {
  let target = breakTarget(brk);
  if (target?.parent?.type === 'labeled_statement') target = target.parent;
  const list = target?.parent;
  if (!target || !list) return false;
  const after = list.children.slice(list.children.indexOf(target) + 1);
  return after.some((s) =>
    findAll(s, 'call_expression').some((call) => {
      const c = callee(call);
      return !!c && /nlock/.test(c.name) && !!c.operand && text(c.operand) === mu;
    }),
  );
}

/** Whether `exit` leaves the statements after the lock (returns always do; break/continue when their loop encloses the lock). */
function leavesRegion(exit: GoNode, list: GoNode): boolean {
  if (exit.type === 'return_statement') return true;
  const target = exit.type === 'break_statement' ? breakTarget(exit) : continueTarget(exit);
  return !!target && isAncestor(target, list);
}

export const rule: Rule = { meta, create };
