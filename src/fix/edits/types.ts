// The contract of an edit generator: one module per rule id, from a finding and its parsed file to text edits.

import type { GoNode } from '../../static/index.js';
import type { Finding } from '../../model/index.js';
import type { EditPlan } from '../types.js';

export interface EditInput {
  finding: Finding;
  /** The whole file. */
  src: string;
  /** Syntax tree of the top-level declaration holding the finding. */
  decl: GoNode;
  /** Offset of the finding's location in `src`. */
  offset: number;
}

/** One plan, or alternatives in order of preference: the next is proven only when the one before is refused. */
export type EditGenerator = (input: EditInput) => EditPlan | EditPlan[];
