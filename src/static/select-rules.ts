// Picks the rules a scan runs from `rules` / `disable` option lists.

import type { PatternId } from '../model/index.js';
import { RULES } from './rules/index.js';
import type { Rule } from './types.js';

export function selectRules(only: readonly PatternId[] | null, disable: readonly PatternId[]): Rule[] {
  return RULES.filter((r) => (only === null || only.includes(r.meta.id)) && !disable.includes(r.meta.id));
}
