/**
 * Plain text for terminals. Colour only when asked (the CLI decides: a TTY and no NO_COLOR).
 */
import { styleText } from 'node:util';
import type { Report } from '../engine/report.js';
import type { Finding } from '../engine/types.js';

export interface TextOptions {
  color: boolean;
  width?: number;
}

type Style = Parameters<typeof styleText>[0];

export function renderText(report: Report, opts: TextOptions): string {
  const paint = (style: Style, s: string) => (opts.color ? styleText(style, s) : s);
  const lines: string[] = [];
  const { gate, summary } = report;
  const verdict = gate.passed
    ? paint(['bold', 'green'], `PASS  no unacknowledged finding at or above ${gate.failOn}`)
    : paint(['bold', 'red'], `BLOCKED  ${gate.blocking} finding${gate.blocking === 1 ? '' : 's'} at or above ${gate.failOn}`);
  lines.push(verdict);
  lines.push(
    `${report.source.file} (${report.source.kind}${report.source.toolVersion ? ` ${report.source.toolVersion}` : ''}): ` +
      `${summary.replace} to replace, ${summary.delete} to delete, ${summary.update} to update, ${summary.create} to create` +
      (summary.move ? `, ${summary.move} moved` : '') +
      (summary.import ? `, ${summary.import} imported` : '') +
      (summary.forget ? `, ${summary.forget} forgotten` : ''),
  );
  if (report.findings.length > 0) lines.push('');
  for (const f of report.findings) lines.push(...findingLines(f, paint));
  return `${lines.join('\n')}\n`;
}

function findingLines(f: Finding, paint: (s: Style, t: string) => string): string[] {
  const sevColor: Style = f.severity === 'critical' || f.severity === 'high' ? 'red' : f.severity === 'medium' ? 'yellow' : 'dim';
  const tag = f.acknowledged ? 'acknowledged' : f.blocking ? 'blocking' : 'warning';
  const out = [`${paint(['bold', sevColor], f.severity.toUpperCase())} ${paint('dim', `[${tag}] ${f.ruleId}`)}  ${f.message}`];
  if (f.replacePaths?.length) out.push(`    forced by: ${f.replacePaths.join(', ')}${f.replaceOrder === 'delete-first' ? ' (deleted before the new one exists)' : ''}`);
  if (f.dependents?.length) out.push(`    referenced by: ${f.dependents.join(', ')}`);
  if (f.acknowledgment) out.push(`    acknowledged: ${f.acknowledgment.reason}`);
  out.push(`    fix: ${f.fix}`);
  return out;
}
