/**
 * A corpus of hostile strings through every format. Each string is put where plan text reaches
 * the review: an attribute value (description, a tag), a for_each key (so the address and every
 * finding that names it carry it), and a value inside a JSON string.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { planFromJson, readJson } from '../helpers/plans.js';
import { everyOutput, markdownProblems, markdownScan, parseGithub, reportFor, reportOf } from './helpers.js';

export const HOSTILE: string[] = [
  '</details>',
  '</summary></details><details open><summary>click me</summary>',
  '<details><summary>x</summary>',
  '<img src=x onerror=alert(1)>',
  '<script>alert(document.cookie)</script>',
  '<a href="javascript:alert(1)">x</a>',
  '<!-- hidden',
  '-->',
  '<![CDATA[x]]>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '```',
  '````\n</details>\n````',
  '`',
  '``inline``',
  '~~~\n# heading\n~~~',
  '\n\n# A heading\n\n---\n',
  '| a | b |\n|---|---|\n| c | d |',
  '|',
  '\\|',
  '[link](https://evil.example)',
  '![img](https://evil.example/x.png)',
  '[x]: https://evil.example',
  '@octocat',
  '@acme/security-team please approve',
  'email a@evil.example',
  'fixes #1234',
  'GH-42',
  'acme/infra#9',
  'https://evil.example/login',
  'www.evil.example',
  '$x^2$ and $$\\sum$$',
  '*bold* _em_ ~~strike~~',
  '> quote',
  '- list item',
  '1. ordered',
  ':+1: :warning:',
  '::error title=pwned::injected',
  '\r\n::add-mask::secret',
  '%0A::warning::x',
  '::stop-commands::planguard',
  '\u001b[31mred\u001b[0m\u001b[2J',
  '\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007',
  '\u202eevil\u202c',
  '\u2066isolate\u2069',
  'zero\u200bwidth\u200d',
  'nul\u0000byte',
  'line\u2028separator',
  '\\',
  '\\\\`',
  '${{ secrets.GITHUB_TOKEN }}',
  '{{ template }}',
  '😀 ünïcödé 中文',
  'a'.repeat(5000),
];

function hostilePlan(h: string, i: number): Report {
  const doc = readJson('fixtures/terraform/handwritten-hostile-text/plan.json') as {
    resource_changes: { address: string; index?: string; change: { after: Record<string, unknown>; before: Record<string, unknown> } }[];
  };
  const [sg, bucket] = doc.resource_changes;
  sg!.change.after.description = h;
  sg!.change.after.tags = { Name: h };
  sg!.change.after.tags_all = { Name: h };
  sg!.change.after.name = JSON.stringify({ note: h, n: i });
  sg!.change.before.name = JSON.stringify({ note: 'before', n: i });
  bucket!.index = h;
  bucket!.address = `aws_s3_bucket.logs[${JSON.stringify(h)}]`;
  return reportOf(planFromJson(doc), { protect: ['*'] });
}

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
// eslint-disable-next-line no-control-regex
const RAW_CONTROL_COLOR = /[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|\u001b(?!\[[0-9;]*m)/;

describe('hostile text through every format', () => {
  const benign = everyOutput(hostilePlan('benign', 0));
  const shape = (md: string) => {
    const { fences, details } = markdownScan(md);
    return {
      headings: md.split('\n').filter((l) => /^#{1,6} /.test(l)).map((l) => l.replace(/\d+/g, 'N')),
      details,
      fences: fences.length,
    };
  };

  /** Every tag of an HTML page with its attribute names, in order, counted: the page's structure. */
  const htmlTags = (html: string) => {
    const counts: Record<string, number> = {};
    for (const m of html.matchAll(/<\/?([a-zA-Z][\w-]*)((?:\s+[\w-]+(?:="[^"]*")?)*)\s*\/?>/g)) {
      const key = `${m[0].startsWith('</') ? '/' : ''}${m[1]} ${[...(m[2] ?? '').matchAll(/\s([\w-]+)(?:="[^"]*")?/g)].map((a) => a[1]).join(',')}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  };

  HOSTILE.forEach((h, i) => {
    it(`survives ${JSON.stringify(h.length > 60 ? `${h.slice(0, 60)}…` : h)}`, () => {
      const report = hostilePlan(h, i);
      expect(report.findings.length).toBeGreaterThan(0);
      const out = everyOutput(report);
      for (const key of ['markdown', 'markdown-small', 'markdown-reread']) {
        const md = out[key] as string;
        expect(markdownProblems(md), key).toEqual([]);
        // The document has the same structure as with harmless text: no extra heading, details or
        // fence (the small budget may legitimately trim more: only its safety is compared).
        if (key !== 'markdown-small') expect(shape(md), key).toEqual(shape(benign[key] as string));
      }
      for (const key of ['text', 'text-narrow', 'text-reread', 'github']) expect(RAW_CONTROL.test(out[key] as string), key).toBe(false);
      expect(RAW_CONTROL_COLOR.test(out['text-color'] as string)).toBe(false);
      // HTML: the same tags as with harmless text (no element, attribute or script from the plan).
      expect(RAW_CONTROL.test(out.html as string), 'html').toBe(false);
      expect(htmlTags(out.html as string)).toEqual(htmlTags(benign.html as string));
      const angles = (x: string) => (x.match(/</g) ?? []).length;
      expect(angles(out.html as string), 'no "<" of the plan reaches the page raw').toBe(angles(benign.html as string));
      const gh = parseGithub(out.github as string);
      expect(gh.commands.length).toBe(gh.annotations.length + 4);
      // Machine formats stay valid JSON and keep the text as data.
      const sarif = JSON.parse(out.sarif as string) as { runs: { results: { locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }[] }[] };
      expect(sarif.runs[0]!.results.some((r) => r.locations[0]!.logicalLocations[0]!.fullyQualifiedName === `aws_s3_bucket.logs[${JSON.stringify(h)}]`)).toBe(true);
      expect(JSON.parse(out.json as string).changes.some((c: { address: string }) => c.address === `aws_s3_bucket.logs[${JSON.stringify(h)}]`)).toBe(true);
    });
  });

  it('the hand-written hostile fixture: no live HTML, no early fence end, no mention or issue link', () => {
    const report = reportFor('fixtures/terraform/handwritten-hostile-text/plan.json', { protect: ['*'] });
    const out = everyOutput(report);
    expect(markdownProblems(out.markdown as string)).toEqual([]);
    expect(markdownScan(out.markdown as string).details).toBe(2);
    expect(out.text).not.toContain('\u001b');
    expect(out.text).not.toContain('\u202e');
  });
});
