/**
 * `planguard test-rules`: every custom rule (declarative `customRules:` entries and plugins'
 * rules) is run alone on the plans listed beside it: `fires:` / `silent:` in the config entry,
 * `examples.fires` / `examples.silent` in a plugin rule (paths relative to the config file, or to
 * the plugin file). Exit 0 when every case behaves, 1 when one does not, 2 on bad input (an
 * unreadable plan, an invalid config, a plugin that fails). The judging is the rule kit's
 * (src/engine/rule-kit.ts), the same code the built-in rules' tests use.
 */
import { UsageError } from '../errors.js';
import { caseFailure, findingsOf } from '../engine/rule-kit.js';
import { DEFAULT_CONFIG, type EngineConfig } from '../engine/types.js';
import { readPlan } from '../ingest/index.js';
import { safeLine } from '../render/escape.js';
import { loadSetup } from './check.js';
import { shownPath } from './custom-rules.js';
import type { Io } from './io.js';
import { originText } from './rules.js';

export async function testRules(io: Io, opts: { config?: string }): Promise<number> {
  const setup = await loadSetup(opts, io);
  if (!setup.configFile) throw new UsageError('no .planguard.yml here or at the repository root (name one with --config)');
  const custom = setup.rules.filter((r) => r.origin !== undefined);
  if (custom.length === 0) throw new UsageError(`${setup.configFile}: no customRules or plugins, so there is nothing to test`);
  // The rule itself is under test: the file's protect globs and secret patterns, but no severity
  // override, rule turned off or acknowledgment.
  const config: EngineConfig = { ...DEFAULT_CONFIG, protect: setup.raw.protect ?? [], secretPatterns: setup.raw.secretPatterns ?? [] };
  let cases = 0;
  let failed = 0;
  let untested = 0;
  for (const rule of custom) {
    const list = [...rule.examples.fires.map((f) => ['fires', f] as const), ...rule.examples.silent.map((f) => ['silent', f] as const)];
    if (list.length === 0) {
      untested++;
      io.stdout(`--    ${rule.id}: no fires or silent plans (untested), from ${originText(rule)}\n`);
      continue;
    }
    for (const [expect, file] of list) {
      cases++;
      const shown = shownPath(file, io.cwd);
      const plan = readPlan(file, { env: io.env, displayName: shown });
      const failure = caseFailure(findingsOf(rule, plan, config, io.today), expect);
      if (failure) failed++;
      io.stdout(safeLine(`${failure ? 'FAIL' : 'ok  '}  ${rule.id} ${expect === 'fires' ? 'fires on' : 'stays silent on'} ${shown}${failure ? `: ${failure}` : ''}`) + '\n');
    }
  }
  const n = custom.length;
  io.stdout(
    `\n${n} custom rule${n === 1 ? '' : 's'}, ${cases} case${cases === 1 ? '' : 's'}: ${failed === 0 ? 'all behave' : `${failed} failed`}${untested ? `; ${untested} rule${untested === 1 ? '' : 's'} untested` : ''}\n`,
  );
  return failed === 0 ? 0 : 1;
}
