// The rule table of SARIF reports. Apart from policy.ts: it loads every rule module, which a scan served from the
// result cache otherwise does not.

import type { PatternId, Severity } from '../model/index.js';
import { DEEP_ONLY } from './deep/rules.js';
import { RULES } from './rules/index.js';

/** The rule table SARIF writers describe the rules with: id, title, explanation, fix, severity of every rule. */
export function sarifRules(): { id: PatternId; title: string; explanation: string; fix: string; severity: Severity }[] {
  return [...RULES.map((r) => r.meta), ...DEEP_ONLY].map((m) => ({
    id: m.id,
    title: m.title,
    explanation: m.explanation,
    fix: m.fix,
    severity: m.severity,
  }));
}
