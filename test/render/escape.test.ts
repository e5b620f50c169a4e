import { describe, expect, it } from 'vitest';
import { ghData, ghProperty, htmlText, mdCode, mdFence, mdText, quoteString, safeLine, safeProse } from '../../src/render/escape.js';
import { mdMessage } from '../../src/render/markdown.js';
import { markdownProblems, stripCodeSpans } from './helpers.js';

describe('terminal text', () => {
  it('shows control, bidi and zero-width characters as visible escapes', () => {
    expect(safeLine('a\u001b[31mb\u0007c\u202ed\u200be\u009bf')).toBe('a\\u{1b}[31mb\\u{7}c\\u{202e}d\\u{200b}e\\u{9b}f');
    expect(safeLine('x\ny\r')).toBe('x\\u{a}y\\u{d}');
    expect(safeProse('line one\r\nline two\nthree')).toBe('line one line two three');
    expect(quoteString('a"b\u001b\u202e')).toBe('"a\\"b\\u001b\\u{202e}"');
  });
});

describe('markdown prose', () => {
  it('turns HTML into entities and markup into escapes, on one line', () => {
    const s = mdText('</details><img src=x onerror=alert(1)>\n# not a heading | *x* [l](u) `c`');
    expect(s).not.toMatch(/[<>\n]/);
    expect(s).toContain('&lt;/details&gt;');
    expect(s).toContain('\\# not a heading &#124; \\*x\\* \\[l\\]\\(u\\) \\`c\\`');
    expect(markdownProblems(s)).toEqual([]);
  });

  it('breaks mentions, issue links and autolinks with a zero-width space', () => {
    const s = mdText('@octocat @acme/team #123 GH-7 acme/infra#9 https://evil.example www.evil.example a@b.example');
    expect(s).toContain('&#64;&#8203;octocat');
    expect(s).toContain('\\#&#8203;123');
    expect(s).toContain('GH&#8203;\\-7');
    expect(s).toContain('https:&#8203;//evil');
    expect(s).toContain('www&#8203;\\.evil');
    expect(markdownProblems(s)).toEqual([]);
  });

  it('messages keep their `code` as code spans and escape the rest', () => {
    expect(mdMessage('add a `moved` block for `a.b["@x"]` now')).toBe('add a `moved` block for `a.b["@x"]` now');
    const hostile = mdMessage('x `a` `</details>` ``` @team');
    expect(hostile).toContain('`</details>`');
    expect(markdownProblems(hostile)).toEqual([]);
  });
});

describe('markdown code', () => {
  it('code spans outlast every backtick run and never span lines', () => {
    expect(mdCode('plain')).toBe('`plain`');
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('``x``')).toBe('``` ``x`` ```');
    expect(mdCode('a\nb')).toBe('`a⏎b`');
    for (const s of ['`', '``', 'a ``` b', ' x ', '`a', 'a`']) {
      const span = mdCode(s);
      expect(stripCodeSpans(span)).toEqual({ text: ' CODE ', problems: [] });
    }
  });

  it('fences are longer than any backtick run inside', () => {
    const f = mdFence(['a', '```', '`````', '~~~'], 'diff');
    expect(f.split('\n')[0]).toBe('``````diff');
    expect(f.split('\n').at(-1)).toBe('``````');
    expect(markdownProblems(f)).toEqual([]);
    expect(mdFence(['no ticks']).startsWith('```\n')).toBe(true);
  });

  it('the summary line gets HTML entities and no mention', () => {
    expect(htmlText('<b>"x"</b> & @y #1')).toBe('&lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; @&#8203;y #&#8203;1');
  });
});

describe('GitHub workflow commands', () => {
  it('percent-encodes line breaks (and : , in properties)', () => {
    expect(ghData('a%b\r\n::error::x')).toBe('a%25b%0D%0A::error::x');
    expect(ghProperty('t: a, b')).toBe('t%3A a%2C b');
  });
});
