/**
 * `--format github`: workflow-command annotations within GitHub's caps, and nothing from the
 * plan able to issue a command of its own.
 */
import { describe, expect, it } from 'vitest';
import { renderGithub } from '../../src/render/github.js';
import type { Report } from '../../src/engine/report.js';
import type { Finding } from '../../src/engine/types.js';
import { planFromJson, readJson } from '../helpers/plans.js';
import { parseGithub, reportFor, reportOf } from './helpers.js';

function decode(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

describe('github annotations', () => {
  it('one annotation per finding, blocking as errors, then the review in a log group', () => {
    const report = reportFor('fixtures/terraform/db-node-rename/plan.json', { protect: ['terraform_data.db_node*'] });
    const { annotations, commands, plain, review } = parseGithub(renderGithub(report));
    expect(annotations).toHaveLength(report.findings.length);
    expect(annotations.every((a) => a.level === 'error')).toBe(true);
    expect(decode(annotations[0]!.title)).toBe('planguard: critical protected-resource-destroyed (blocking)');
    expect(decode(annotations[0]!.message)).toMatch(/^terraform_data\.db_node\["db-11"\] is protected .* Fix: If the delete/);
    expect(commands).toContain('::group::planguard review');
    expect(commands.at(-1)).toBe('::endgroup::');
    expect(plain[0]).toBe('planguard: BLOCKED: 6 findings, 6 annotated');
    expect(review[0]).toMatch(/^BLOCKED {2}5 destructive changes/);
  });

  it('stays within the caps (10 per level per step) and says how many were left out', () => {
    const base = reportFor('fixtures/terraform/db-node-rename/plan.json', { protect: ['terraform_data.db_node*'] });
    const f0 = base.findings[0] as Finding;
    const findings: Finding[] = [
      ...Array.from({ length: 23 }, (_, i) => ({ ...f0, address: `aws_db_instance.n${i}`, message: `error ${i}` })),
      ...Array.from({ length: 12 }, (_, i) => ({ ...f0, blocking: false, severity: 'medium' as const, address: `w${i}`, message: `warning ${i}` })),
      ...Array.from({ length: 3 }, (_, i) => ({ ...f0, blocking: false, acknowledged: true, address: `a${i}`, message: `ack ${i}` })),
    ];
    const report: Report = { ...base, findings };
    const { annotations, plain } = parseGithub(renderGithub(report));
    const per = (l: string) => annotations.filter((a) => a.level === l);
    expect(per('error')).toHaveLength(10);
    expect(per('warning')).toHaveLength(10);
    expect(per('notice')).toHaveLength(3);
    expect(annotations.length).toBeLessThanOrEqual(50);
    expect(decode(per('error')[9]!.message)).toMatch(/^14 more findings at this level not annotated \(GitHub shows at most 10 per level\)\. See the whole review in this job's log or with: planguard check /);
    expect(decode(per('warning')[9]!.message)).toMatch(/^3 more findings/);
    expect(plain[0]).toBe('planguard: BLOCKED: 38 findings, 21 annotated, 17 left out (see the review below)');
  });

  it('plan text cannot issue a workflow command', () => {
    const report = reportFor('fixtures/terraform/handwritten-hostile-text/plan.json', { protect: ['*'] });
    const out = renderGithub(report);
    const { commands, annotations, review } = parseGithub(out);
    // Only planguard's own commands: the annotations, the group, stop/resume and endgroup.
    expect(commands.length).toBe(annotations.length + 4);
    for (const c of commands) expect(c).toMatch(/^::(error title=planguard|warning title=planguard|notice title=planguard|group::planguard review$|endgroup::$|stop-commands::planguard-[0-9a-f]{32}$|planguard-[0-9a-f]{32}::$)/);
    expect(out).not.toMatch(/\r/);
    expect(review.join('\n')).toContain('<img src=x onerror=alert(1)>');
    // A value that is a command on a line of its own stays inside the stopped review.
    const doc = readJson('fixtures/terraform/handwritten-hostile-text/plan.json') as { resource_changes: { change: { after: Record<string, unknown> } }[] };
    doc.resource_changes[0]!.change.after.description = '\n::error title=pwned::injected\n';
    doc.resource_changes[0]!.change.after.name = '::warning::x';
    const r2 = parseGithub(renderGithub(reportOf(planFromJson(doc), { protect: ['*'] })));
    expect(r2.commands.length).toBe(r2.annotations.length + 4);
    expect(r2.review.join('\n')).toContain('::error title=pwned::injected');
    expect(r2.review.join('\n')).toContain('"::warning::x"');
  });
});
