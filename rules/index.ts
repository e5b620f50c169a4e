/**
 * The rule registry: every file in rules/ (but this one and catalog/) is listed here, in id
 * order. A meta test fails when this list and the files drift.
 */
import type { Rule } from '../src/engine/types.js';
import planIncomplete from './plan-incomplete.js';
import protectedResourceDestroyed from './protected-resource-destroyed.js';
import unknownAction from './unknown-action.js';

export const rules: readonly Rule[] = [planIncomplete, protectedResourceDestroyed, unknownAction];

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.id === id);
}
