/** `planguard rules` and `planguard explain ID`. */
import { UsageError } from '../errors.js';
import { rules } from '../../rules/index.js';
import { explainText } from '../render/rule-doc.js';
import type { Io } from './io.js';

export function listRules(io: Io, format: string | undefined): number {
  if (format === 'json') {
    io.stdout(
      `${JSON.stringify(
        rules.map((r) => ({ id: r.id, severity: r.severity, title: r.title, incidents: r.incidents, core: Boolean(r.core) })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const width = Math.max(...rules.map((r) => r.id.length));
  for (const r of rules) io.stdout(`${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.title}\n`);
  return 0;
}

export function explain(io: Io, id: string): number {
  const rule = rules.find((r) => r.id === id);
  if (!rule) throw new UsageError(`no rule ${JSON.stringify(id)} (see \`planguard rules\`)`);
  io.stdout(explainText(rule));
  return 0;
}
