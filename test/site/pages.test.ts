/**
 * The site's pages as data, without Astro or a browser: titles, routes, link rewriting, asides,
 * escaping and determinism.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remarkDocdrift, transformComment } from '../../site/lib/remark.ts';
import { rootCauses } from '../../src/report/root-causes.ts';
import { messageHtml } from '../../src/site/findings.ts';
import { esc, mdCode, mdTableRow, mdText } from '../../src/site/html.ts';
import { renderMarkdown } from '../../src/site/markdown.ts';
import { checkSite, sitePages, type CheckedSite } from '../../src/site/prepare.ts';
import type { RenderedPage } from '../../src/site/types.ts';

let root: string;
let checked: CheckedSite;
let pages: RenderedPage[];

const files: Record<string, string> = {
  'docdrift.config.yaml': 'namespace: demo\n',
  'docs/alpha.md': [
    '---',
    'title: Alpha from frontmatter',
    '---',
    '# Alpha heading',
    '',
    'See [beta’s second section](beta.md#section-two), [a heading that is not there](beta.md#nowhere),',
    '[the Service](../deploy/app.yaml#L7), [a missing page](missing.md), [evil](javascript:alert(1))',
    'and [the web](https://example.org/).',
    '',
    '<script>alert(1)</script>',
    '',
    'The Service `app` listens on port 9999.',
    '',
  ].join('\n'),
  'docs/beta.md': '# Beta\n\nIntro.\n\n## Section two\n\nText.\n',
  'deploy/app.yaml': [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: app',
    '  namespace: demo',
    'spec:',
    '  ports:',
    '    - name: http',
    '      port: 8080',
    '',
  ].join('\n'),
};

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'docdrift-pages-'));
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  checked = await checkSite({ root, dataDir: path.join(root, '.site') });
  pages = await sitePages(checked.ctx);
}, 60_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const page = (id: string): RenderedPage => {
  const found = pages.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no page ${id}; have ${pages.map((candidate) => candidate.id).join(', ')}`);
  return found;
};

describe('site pages', () => {
  it('has the generated views, a page per doc, per source file and per rule', () => {
    for (const id of ['index', 'architecture', 'guide', 'drift', 'review', 'rules', 'docs/alpha', 'docs/beta']) expect(pages.map((entry) => entry.id)).toContain(id);
    // No Synapse runs here: no Synapse expansion path.
    expect(pages.map((entry) => entry.id)).not.toContain('expansion');
    expect(pages.filter((entry) => entry.id.startsWith('source/'))).toHaveLength(checked.result.files.length);
    expect(checked.config.sidebar.map((item) => item.label)).toEqual(
      expect.arrayContaining(['Overview', 'Architecture', 'Deployment guide', 'Drift report', 'Architecture review', 'Documentation', 'Rules', 'Source files']),
    );
  });

  it('takes a doc’s title from its frontmatter, else its first H1, and keeps every line number', () => {
    const alpha = page('docs/alpha');
    expect(alpha.title).toBe('Alpha from frontmatter');
    expect(page('docs/beta').title).toBe('Beta');
    const lines = alpha.markdown!.split('\n');
    expect(lines.length).toBe(files['docs/alpha.md']!.split('\n').length);
    expect(lines.slice(0, 4)).toEqual(['', '', '', '']);
    expect(lines[11]).toBe('The Service `app` listens on port 9999.');
  });

  it('rewrites links to site routes: docs and their headings, source lines; drops the rest', () => {
    const links = page('docs/alpha').transform!.links;
    expect(links['beta.md#section-two']).toBe('/docs/beta/#section-two');
    expect(links['beta.md#nowhere']).toBe('/docs/beta/');
    expect(links['../deploy/app.yaml#L7']).toBe('/source/deploy/app-yaml/#L7');
    expect(links['missing.md']).toBeNull();
    expect(links['javascript:alert(1)']).toBeNull();
    expect(links['https://example.org/']).toBe('https://example.org/');
  });

  it('puts each finding of a doc in an aside at its line, escaped', () => {
    const alpha = page('docs/alpha');
    const findings = checked.result.findings.filter((finding) => finding.file === 'docs/alpha.md');
    expect(findings.length).toBeGreaterThan(0);
    expect(alpha.transform!.asides.map((aside) => aside.line)).toEqual(expect.arrayContaining(findings.map((finding) => finding.line)));
    for (const aside of alpha.transform!.asides) expect(aside.html).toMatch(/^<aside id="dd-f-\d+(-r-\d+)?"/);
  });

  it('lists every finding in the drift report once, grouped by the review’s root causes, with both sides linked and quoted', () => {
    const html = page('drift').body!.html;
    expect(html.match(/<li id="finding-\d+"/g)).toHaveLength(checked.result.findings.length);
    for (const finding of checked.result.findings) {
      expect(html).toContain(messageHtml(finding.message));
      const line = files[finding.file]!.split('\n')[finding.line - 1]!.trim();
      expect(html).toContain(`<pre class="dd-quote"><span class="dd-quote-line">${finding.line}</span><code>${esc(line)}</code></pre>`);
    }
    const causes = rootCauses({ result: checked.result, lookup: checked.ctx.lookup, reference: checked.ctx.reference, rules: checked.ctx.rules, sources: checked.ctx.texts });
    expect([...html.matchAll(/<details [^>]*data-cause="([^"]+)"/g)].map((match) => match[1])).toEqual(causes.map((cause) => cause.id));
  });

  it('shows a message’s backticked parts as code and the rest as text', () => {
    expect(messageHtml('Add `kubectl create configmap x` before <b>it</b>')).toBe('Add <code>kubectl create configmap x</code> before &lt;b&gt;it&lt;/b&gt;');
    expect(messageHtml('A lone ` stays')).toBe('A lone ` stays');
  });

  it('links each doc and source page to where its file is edited with --edit-url, and knows no date outside git', async () => {
    const withEdit = await checkSite({ root, dataDir: path.join(root, '.site-edit'), editUrl: 'https://git.example.org/acme/infra/-/edit/main/{path}' });
    const edited = await sitePages(withEdit.ctx);
    const alpha = edited.find((entry) => entry.id === 'docs/alpha')!;
    expect(alpha.editUrl).toBe('https://git.example.org/acme/infra/-/edit/main/docs/alpha.md');
    expect(alpha.lastUpdated).toBeUndefined();
    expect(alpha.transform!.before).toContain('<a href="https://git.example.org/acme/infra/-/edit/main/docs/alpha.md">edit it</a>');
    expect(edited.find((entry) => entry.id === 'source/deploy/app-yaml')!.editUrl).toBe('https://git.example.org/acme/infra/-/edit/main/deploy/app.yaml');
    expect(page('docs/alpha').editUrl).toBeUndefined();
  });

  it('takes the edit link from the config (site.editUrl) when --edit-url is not given', async () => {
    const config = path.join(root, 'edit.docdrift.yaml');
    await writeFile(config, 'site:\n  editUrl: https://git.example.org/acme/infra/-/blob/main/{path}\n');
    const configured = await checkSite({ root, configPath: config, dataDir: path.join(root, '.site-config-edit') });
    const alpha = (await sitePages(configured.ctx)).find((entry) => entry.id === 'docs/alpha')!;
    expect(alpha.editUrl).toBe('https://git.example.org/acme/infra/-/blob/main/docs/alpha.md');
  });

  it('is the same for the same input', async () => {
    const again = await sitePages(checked.ctx);
    expect(JSON.stringify(again)).toBe(JSON.stringify(pages));
  });
});

describe('the remark plugin', () => {
  const run = (markdown: string): Root => {
    const processor = unified().use(remarkParse).use(remarkDocdrift);
    return processor.runSync(processor.parse(markdown)) as Root;
  };

  it('applies links, neutralizes raw HTML and inserts asides after the block of their line', () => {
    const markdown = 'Para [a](a.md) and [gone](gone.md) <b onclick="x()">b</b>.\n\n<script>x()</script>\n\nLast.\n';
    const tree = run(`${markdown}\n${transformComment({ neutralizeHtml: true, links: { 'a.md': '/docs/a/', 'gone.md': null }, asides: [{ line: 1, html: '<aside id="dd-f-1"></aside>' }] })}\n`);
    const json = JSON.stringify(tree);
    expect(json).toContain('"url":"/docs/a/"');
    expect(json).not.toContain('gone.md');
    expect(tree.children.map((node) => node.type)).toEqual(['paragraph', 'html', 'paragraph', 'paragraph']);
    expect(tree.children[1]).toMatchObject({ type: 'html', value: '<aside id="dd-f-1"></aside>' });
    expect(tree.children[2]).toMatchObject({ type: 'paragraph', children: [{ type: 'text', value: '<script>x()</script>' }] });
    expect(json).toContain('"type":"text","value":"<b onclick=\\"x()\\">"');
  });

  it('leaves Markdown without the docdrift comment alone', () => {
    expect(run('<b>x</b>\n').children[0]).toMatchObject({ type: 'paragraph', children: [{ type: 'html' }, { type: 'text' }, { type: 'html' }] });
  });
});

describe('escaping helpers', () => {
  it('keeps a table row whole when a cell’s code holds a |', async () => {
    const rows = [mdTableRow(['Endpoint', 'Where']), '| --- | --- |', mdTableRow(['`^/(r0|v3)/sync$`', mdText('a | b')])];
    const { html } = await renderMarkdown(rows.join('\n'));
    expect(html).toContain('<td><code>^/(r0|v3)/sync$</code></td>\n<td>a | b</td>');
  });

  it('escapes HTML and Markdown', () => {
    expect(esc(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const parsed = unified().use(remarkParse).parse(`${mdText('*not* [a](b) <script>')} ${mdCode('`tick`')}`);
    expect(JSON.stringify(parsed)).not.toContain('"type":"link"');
    expect(JSON.stringify(parsed)).not.toContain('"type":"html"');
    expect(JSON.stringify(parsed)).toContain('"type":"inlineCode","value":"`tick`"');
  });
});
