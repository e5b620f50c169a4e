/**
 * The `planguard` package's typed entry, for rule plugin authors (docs/custom-rules.md):
 *
 *   import type { Rule } from 'planguard';
 *   export default [{ id: 'my-rule', ... } satisfies Rule];
 *
 * Types only, but `defineRule` (the identity function every built-in rule uses) for plugins
 * that can import planguard at run time. Nothing here is the CLI.
 */
export { defineRule, SEVERITIES } from './engine/types.js';
export type { FindingInput, Rule, RuleContext, RuleExamples, RuleOptions, RuleOrigin, Severity } from './engine/types.js';
export type { Action, AttrPath, Plan, PlanProblem, PathStep, ResourceChange, SourceKind, StateFlags } from './model/types.js';
