/**
 * A plan of more than 2 MB, made in the test from the real `destroy` fixture (terraform 1.11.4):
 * its one deleted `terraform_data` resource copied under thousands of addresses.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath } from '../helpers/plans.js';

export function bigPlanFile(dir: string, minBytes = 2 * 1024 * 1024): string {
  const doc = JSON.parse(readFileSync(fixturePath('fixtures/terraform/destroy/plan.json'), 'utf8')) as {
    resource_changes: Record<string, unknown>[];
  };
  const template = doc.resource_changes.find((rc) => (rc.change as { actions: string[] }).actions.join() === 'delete');
  if (!template) throw new Error('the destroy fixture has no delete');
  const changes: Record<string, unknown>[] = [];
  let size = 0;
  for (let i = 0; size < minBytes; i++) {
    const rc = { ...template, address: `terraform_data.node_${i}`, name: `node_${i}` };
    changes.push(rc);
    size += JSON.stringify(rc).length;
  }
  doc.resource_changes = changes;
  const file = join(dir, 'big-plan.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}
