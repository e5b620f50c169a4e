/**
 * The rule registry: every file in rules/ (but this one and catalog/) is listed here, in id
 * order. A meta test fails when this list and the files drift.
 */
import type { Rule } from '../src/engine/types.js';
import countIndexShift from './count-index-shift.js';
import dataStoreReplaced from './data-store-replaced.js';
import databaseRestartNow from './database-restart-now.js';
import driftOnChangedResource from './drift-on-changed-resource.js';
import groupMembersDestroyed from './group-members-destroyed.js';
import haWeakened from './ha-weakened.js';
import networkPathRemoved from './network-path-removed.js';
import planIncomplete from './plan-incomplete.js';
import protectedResourceDestroyed from './protected-resource-destroyed.js';
import renameForcesReplacement from './rename-forces-replacement.js';
import renameWithoutMoved from './rename-without-moved.js';
import safeguardDisabled from './safeguard-disabled.js';
import safeguardInconsistent from './safeguard-inconsistent.js';
import unknownAction from './unknown-action.js';

export const rules: readonly Rule[] = [
  countIndexShift,
  dataStoreReplaced,
  databaseRestartNow,
  driftOnChangedResource,
  groupMembersDestroyed,
  haWeakened,
  networkPathRemoved,
  planIncomplete,
  protectedResourceDestroyed,
  renameForcesReplacement,
  renameWithoutMoved,
  safeguardDisabled,
  safeguardInconsistent,
  unknownAction,
];

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.id === id);
}
