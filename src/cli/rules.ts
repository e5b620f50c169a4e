/** `planguard rules` and `planguard explain ID`: the built-in rules and the config's own. */
import { UsageError } from '../errors.js';
import type { Rule } from '../engine/types.js';
import { explainText } from '../render/rule-doc.js';
import { loadSetup } from './check.js';
import type { Io } from './io.js';

/** Where a custom rule comes from, for people: `.planguard.yml (customRules.0)`, `plugin policies/x.js`. */
export function originText(r: Rule): string | undefined {
  if (!r.origin) return undefined;
  return r.origin.kind === 'config' ? `${r.origin.file} (customRules.${r.origin.index})` : `plugin ${r.origin.file}`;
}

export async function listRules(io: Io, opts: { format?: string; config?: string }): Promise<number> {
  const { rules } = await loadSetup(opts, io);
  if (opts.format === 'json') {
    io.stdout(
      `${JSON.stringify(
        rules.map((r) => ({
          id: r.id,
          severity: r.severity,
          title: r.title,
          incidents: r.incidents,
          core: Boolean(r.core),
          ...(r.origin ? { origin: r.origin } : {}),
        })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const width = Math.max(...rules.map((r) => r.id.length));
  for (const r of rules) {
    const from = originText(r);
    io.stdout(`${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.title}${from ? `  [from ${from}]` : ''}\n`);
  }
  return 0;
}

export async function explain(io: Io, id: string, opts: { config?: string }): Promise<number> {
  const { rules } = await loadSetup(opts, io);
  const rule = rules.find((r) => r.id === id);
  if (!rule) throw new UsageError(`no rule ${JSON.stringify(id)} (see \`planguard rules\`)`);
  const from = originText(rule);
  io.stdout(explainText(rule) + (from ? `From: ${from}\n` : ''));
  return 0;
}
