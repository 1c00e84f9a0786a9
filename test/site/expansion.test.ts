/**
 * The expansion path's snippets are meant to be pasted: they must parse, run the image of the
 * container that runs Synapse (not an init container or a sidecar), fall back to the main process
 * HAProxy already sends everything else to (not another Synapse instance of the same repository),
 * and keep every endpoint regex whole in the tables. Checked on a fixture with exactly those traps
 * and on the embedded default, without Astro or a browser.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { check } from '../../src/index.ts';
import { checkConfigText, requireHaproxy, stopAllHaproxy } from '../haproxy/haproxy-oracle.ts';
import { checkSite, sitePages } from '../../src/site/prepare.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = path.join(REPO, 'test/site/fixtures/real-shapes');

interface Snippet {
  language: string;
  title: string | undefined;
  text: string;
}

interface Expansion {
  html: string;
  snippets: Snippet[];
}

let work: string;
const pages: Record<'fixture' | 'embedded', Expansion | undefined> = { fixture: undefined, embedded: undefined };

function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&amp;/g, '&');
}

async function expansion(root: string): Promise<Expansion> {
  const checked = await checkSite({ root, dataDir: path.join(work, path.basename(root)) });
  const html = (await sitePages(checked.ctx)).find((page) => page.id === 'expansion')!.body!.html;
  const snippets = [...html.matchAll(/<figure class="dd-code" data-language="([^"]+)">(?:<figcaption[^>]*>([^<]*)<\/figcaption>)?<pre[^>]*>([\s\S]*?)<\/pre>/g)].map(
    ([, language, title, pre]) => ({ language: language!, title: title ? textOf(title) : undefined, text: textOf(pre!) }),
  );
  return { html, snippets };
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'docdrift-expansion-'));
  pages.fixture = await expansion(FIXTURE);
  pages.embedded = await expansion(REPO);
}, 120_000);

afterAll(async () => {
  await stopAllHaproxy();
  if (work) await rm(work, { recursive: true, force: true });
});

const page = (name: keyof typeof pages): Expansion => pages[name]!;
const yamlOf = (snippet: Snippet) => parseAllDocuments(snippet.text).map((document) => {
  expect(document.errors, snippet.text).toEqual([]);
  return document.toJS() as Record<string, any>;
});

describe.each(['fixture', 'embedded'] as const)('the expansion path of the %s', (name) => {
  it('has YAML snippets that parse, each StatefulSet running the Synapse container’s image', () => {
    const { snippets } = page(name);
    const yaml = snippets.filter((snippet) => snippet.language === 'yaml');
    expect(yaml.length).toBeGreaterThan(10);
    const statefulSets = yaml.filter((snippet) => snippet.title === 'StatefulSet').flatMap(yamlOf);
    expect(statefulSets.length).toBeGreaterThan(3);
    for (const statefulSet of statefulSets) {
      const containers = statefulSet.spec.template.spec.containers as { name: string; image: string }[];
      expect(containers.map((container) => container.image)).toEqual(['ghcr.io/element-hq/synapse:v1.157.1']);
      expect(statefulSet.spec.template.spec.initContainers).toBeUndefined();
    }
    for (const snippet of yaml) yamlOf(snippet);
  });

  it('keeps every endpoint regex whole: no table row has fewer or more cells than its header', () => {
    const tables = [...page(name).html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((match) => match[1]!);
    expect(tables.length).toBeGreaterThan(5);
    let pipes = 0;
    for (const table of tables) {
      const header = (/<thead>[\s\S]*?<\/thead>/.exec(table)?.[0].match(/<th[ >]/g) ?? []).length;
      for (const row of table.match(/<tbody>[\s\S]*<\/tbody>/)?.[0].match(/<tr>[\s\S]*?<\/tr>/g) ?? []) {
        expect((row.match(/<td[ >]/g) ?? []).length, row).toBe(header);
        if (/<code>[^<]*\|/.test(row)) pipes++;
      }
    }
    expect(pipes).toBeGreaterThan(5);
  });
});

describe('the expansion path of a repository with init containers, sidecars and a second Synapse instance', () => {
  it('falls back to the main process this frontend uses, not the staging instance', () => {
    const backends = page('fixture').snippets.filter((snippet) => snippet.title === 'backend');
    const withBackup = backends.filter((snippet) => / backup\b/.test(snippet.text));
    expect(withBackup.length).toBeGreaterThan(3);
    for (const snippet of withBackup) expect(snippet.text).toContain('server main synapse-main.matrix.svc.cluster.local:8008 backup');
    for (const snippet of page('fixture').snippets) expect(snippet.text).not.toContain('staging');
  });

  it('gives HAProxy snippets that haproxy -c accepts once added to the configuration', async (context) => {
    const binary = requireHaproxy(context, 'the expansion snippet check');
    const config = await readFile(path.join(FIXTURE, 'config/haproxy.cfg'), 'utf8');
    const { snippets } = page('fixture');
    const backends = snippets.filter((snippet) => snippet.title === 'backend').map((snippet) => snippet.text);
    const frontendLines = snippets.filter((snippet) => snippet.title === 'frontend').map((snippet) => snippet.text);
    expect(frontendLines.length).toBeGreaterThan(5);
    // The ACLs and use_backend lines go before the frontend's default_backend, as the page says.
    const withFrontend = config.replace('    default_backend synapse-main', `${frontendLines.join('\n')}\n    default_backend synapse-main`);
    const result = await checkConfigText(binary, `${withFrontend}\n${backends.join('\n\n')}\n`);
    expect(result.alerts, result.output).toEqual([]);
    expect(result.valid, result.output).toBe(true);
  });

  it('gives manifests that docdrift’s own rules accept once added to the deployment', async () => {
    const root = path.join(work, 'with-snippets');
    await cp(FIXTURE, root, { recursive: true });
    const manifests = page('fixture').snippets.filter((snippet) => snippet.title === 'StatefulSet' || snippet.title === 'Service');
    await writeFile(path.join(root, 'manifests/new-workers.yaml'), manifests.map((snippet) => snippet.text).join('\n---\n'));
    const before = await check({ root: FIXTURE });
    const after = await check({ root });
    expect(after.model.workloads.length).toBeGreaterThan(before.model.workloads.length + 3);
    const added = after.findings.filter((finding) => finding.file === 'manifests/new-workers.yaml');
    // The one thing left to do is the docs': docdrift reports each new worker until a doc mentions it.
    expect(added.filter((finding) => finding.ruleId !== 'docs/undocumented-worker').map((finding) => `${finding.ruleId} ${finding.line}: ${finding.message}`)).toEqual([]);
    expect(added.length).toBe(manifests.filter((snippet) => snippet.title === 'StatefulSet').length);
  });
});
