/**
 * Browser tests of the docdrift site: each site is built once (beforeAll) into a temporary folder,
 * served from 127.0.0.1 by a tiny static server, and driven with Debian's Chromium through
 * playwright-core. Nothing is fetched from the network.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { check, rules } from '../../src/index.ts';
import { ModelLookup } from '../../src/model/lookup.ts';
import { loadReference } from '../../src/model/reference.ts';
import { buildVocabulary } from '../../src/model/vocabulary.ts';
import { rootCauses, type RootCause } from '../../src/report/root-causes.ts';
import { formatJson } from '../../src/reporters/json.ts';
import { buildSite, type SiteBuildResult } from '../../src/site/build.ts';
import { synapseContainer } from '../../src/site/facts.ts';
import { routeSegment } from '../../src/site/routes.ts';
import { binaryOrSkip, CHROMIUM } from '../system-binary.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

// The callbacks of page.evaluate run in the browser; these stand for its globals (no DOM lib here).
declare const document: any;
declare const window: any;
declare function getComputedStyle(element: unknown): any;

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** Chromium, or every suite here skipped (with one line saying what to install; a failure under CI=true). */
const chromiumBinary = binaryOrSkip(CHROMIUM, 'the site browser suite');
const ARTIFACTS = path.join(REPO, 'test-results', 'site');
const PHONE = { width: 390, height: 844 };

/** Screenshots of a page for review: light and dark at 1280 px, and light at phone width. */
async function screenshots(page: Page, url: string, name: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url);
  for (const theme of ['light', 'dark']) {
    await page.evaluate((value) => {
      document.documentElement.dataset.theme = value;
    }, theme);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${theme}.png`), fullPage: true });
  }
  await page.evaluate(() => {
    document.documentElement.dataset.theme = 'light';
  });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The pages a Pagefind search finds, every one (Pagefind's own API, as its search box uses it). */
async function search(page: Page, url: string, query: string): Promise<string[]> {
  await page.goto(`${url}/`);
  // As a string: vitest would rewrite an import() written in a function.
  return page.evaluate(`(async () => {
    const pagefind = await import(new URL('pagefind/pagefind.js', document.baseURI).href);
    await pagefind.init();
    const found = await pagefind.search(${JSON.stringify(query)});
    const pages = await Promise.all(found.results.map((result) => result.data()));
    return pages.map((entry) => new URL(entry.url, document.baseURI).pathname);
  })()`) as Promise<string[]>;
}

/** What the home page shows, read in the browser. */
/** Every body row of the page's tables, with its cell count and its table's header count. */
async function tableRows(page: Page): Promise<{ header: number; cells: number; text: string | null }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('main table')].flatMap((table: any) => {
      const header = table.querySelectorAll('thead th').length;
      return [...table.querySelectorAll('tbody tr')].map((row: any) => ({ header, cells: row.children.length, text: row.textContent }));
    }),
  );
}

async function homePage(page: Page, url: string) {
  await page.goto(url);
  return page.evaluate(() => ({
    status: document.querySelector('main [role="status"]')?.textContent ?? '',
    counts: Object.fromEntries(
      [...document.querySelectorAll('main .dd-counts [data-severity]')].map((item: any) => [item.dataset.severity, Number(item.querySelector('.dd-count-number').textContent)]),
    ),
    causes: [...document.querySelectorAll('main ol.dd-causes > li')].map((item: any): string => item.textContent),
    causeLinks: [...document.querySelectorAll('main ol.dd-causes > li a')].map((item: any): string => new URL(item.getAttribute('href'), document.baseURI).pathname),
    checked: [...document.querySelectorAll('main table.dd-checked a')].map((item: any): string => new URL(item.getAttribute('href'), document.baseURI).pathname),
    headings: [...document.querySelectorAll('main h2')].map((item: any): string => item.textContent),
  }));
}

interface Site {
  build: SiteBuildResult;
  /** What Astro printed (warnings and errors only). */
  logs: string;
  server: StaticServer;
  /** Every HTML page of the build, as a URL path. */
  pages: string[];
}

const ROOTS = {
  embedded: REPO,
  seedBefore: path.join(REPO, 'test/fixtures/seed-before'),
  seedAfter: path.join(REPO, 'test/fixtures/seed-after'),
  hostile: path.join(REPO, 'test/site/fixtures/hostile'),
  realShapes: path.join(REPO, 'test/site/fixtures/real-shapes'),
};
const sites: Record<'embedded' | 'seedBefore' | 'seedAfter' | 'hostile' | 'realShapes', Site | undefined> = {
  embedded: undefined,
  seedBefore: undefined,
  seedAfter: undefined,
  hostile: undefined,
  realShapes: undefined,
};
let browser: BrowserContext;
let work: string;

beforeAll(async () => {
  if (!chromiumBinary) return;
  work = await mkdtemp(path.join(os.tmpdir(), 'docdrift-site-test-'));
  await mkdir(ARTIFACTS, { recursive: true });
  const roots = ROOTS;
  // The builds side by side: each is mostly one thread waiting on the other, and the machine has two cores.
  const built = await Promise.all(
    (Object.keys(roots) as (keyof typeof roots)[]).map(async (name) => {
      const logs: string[] = [];
      const build = await buildSite({ root: roots[name], outDir: path.join(work, name), onOutput: (text) => logs.push(text) });
      return [name, build, logs.join('')] as const;
    }),
  );
  for (const [name, build, logs] of built) {
    sites[name] = { build, logs, server: await serveStatic(build.outDir), pages: await htmlPages(build.outDir) };
  }
  browser = await chromium.launchPersistentContext(await mkdtemp(path.join(work, 'chromium-')), {
    executablePath: chromiumBinary.path,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  for (const site of Object.values(sites)) await site?.server.close();
  if (work) await rm(work, { recursive: true, force: true });
});

function site(name: keyof typeof sites): Site {
  const found = sites[name];
  if (!found) throw new Error(`site ${name} was not built`);
  return found;
}

/** The architecture review's root causes of a site's check, computed as the report does, from the files on disk. */
async function reviewCauses(name: keyof typeof sites): Promise<RootCause[]> {
  const { result } = site(name).build;
  const reference = loadReference();
  const lookup = new ModelLookup(result.model, buildVocabulary(reference), { defaultNamespace: result.config.namespace, clusterDomain: result.config.clusterDomain });
  const sources = new Map(await Promise.all(result.files.map(async (file) => [file.path, await readFile(path.join(ROOTS[name], file.path), 'utf8')] as const)));
  return rootCauses({ result, lookup, reference, rules, sources });
}

/** URL paths of every HTML file of a build (`/a/b/` for a/b/index.html). */
async function htmlPages(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (relative: string) => {
    for (const entry of await readdir(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name !== 'pagefind' && entry.name !== '_astro') await walk(child);
      } else if (entry.name.endsWith('.html')) {
        out.push(entry.name === 'index.html' ? `/${relative ? `${relative}/` : ''}` : `/${child}`);
      }
    }
  };
  await walk('');
  return out.sort();
}

interface Visit {
  errors: string[];
  ids: Set<string>;
  links: string[];
}

/** Loads a page and records console errors, failed requests, element ids and link targets. */
async function visit(page: Page, url: string): Promise<Visit> {
  const errors: string[] = [];
  const onConsole = (message: { type(): string; text(): string }) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  };
  const onPageError = (error: Error) => errors.push(`page error: ${error.message}`);
  const onFailed = (request: { url(): string; failure(): { errorText: string } | null }) => errors.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`);
  const onResponse = (response: { url(): string; status(): number }) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`);
  };
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  page.on('requestfailed', onFailed);
  page.on('response', onResponse);
  try {
    const response = await page.goto(url, { waitUntil: 'load' });
    if (!response || response.status() !== 200) errors.push(`HTTP ${response?.status()} for the page itself`);
    // Starlight sets up search once the page is idle: wait for it, so leaving the page early is not an error.
    const searchReady = await page
      .waitForFunction(() => !document.querySelector('site-search') || document.querySelector('#starlight__search .pagefind-ui') !== null, undefined, { timeout: 15_000 })
      .then(() => true, () => false);
    if (!searchReady) errors.push('the search box was not set up');
    const found = await page.evaluate(() => ({
      ids: [...document.querySelectorAll('[id]')].map((element: any): string => element.id),
      links: [...document.querySelectorAll('a[href]')].map((element: any): string => new URL(element.getAttribute('href'), document.baseURI).href),
    }));
    return { errors, ids: new Set(found.ids), links: found.links };
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onPageError);
    page.off('requestfailed', onFailed);
    page.off('response', onResponse);
  }
}

/** Visits every page; checks console errors and that every internal link and anchor resolves. */
async function crawl(name: keyof typeof sites): Promise<{ pages: number; links: number; problems: string[] }> {
  const { server, pages } = site(name);
  const page = await browser.newPage();
  const problems: string[] = [];
  const visits = new Map<string, Visit>();
  try {
    for (const pathname of pages) {
      const result = await visit(page, server.url + pathname);
      visits.set(pathname, result);
      for (const error of result.errors) problems.push(`${pathname}: ${error}`);
    }
  } finally {
    await page.close();
  }
  let links = 0;
  const fileStatus = new Map<string, number>();
  for (const [from, result] of visits) {
    for (const href of result.links) {
      const url = new URL(href);
      if (url.origin !== server.url) continue;
      links++;
      let target = decodeURIComponent(url.pathname);
      if (target.endsWith('/index.html')) target = target.slice(0, -'index.html'.length);
      let targetVisit = visits.get(target) ?? visits.get(`${target}/`);
      if (!targetVisit) {
        if (!fileStatus.has(target)) fileStatus.set(target, (await fetch(server.url + url.pathname)).status);
        if (fileStatus.get(target) !== 200) {
          problems.push(`${from}: broken link ${url.pathname}`);
          continue;
        }
      }
      const fragment = decodeURIComponent(url.hash.slice(1));
      if (fragment && fragment !== '_top') {
        targetVisit ??= visits.get(target);
        if (!targetVisit?.ids.has(fragment)) problems.push(`${from}: broken anchor ${url.pathname}#${fragment}`);
      }
    }
  }
  return { pages: pages.length, links, problems };
}

describe.skipIf(!chromiumBinary)('site of the embedded default', () => {
  it('builds a page for every generated view, doc, workload, rule and source file', () => {
    const { build, pages } = site('embedded');
    for (const route of ['/', '/architecture/', '/guide/', '/expansion/', '/drift/', '/review/', '/rules/', '/workers/synapse-sync-worker/']) expect(pages).toContain(route);
    expect(pages.filter((page) => page.startsWith('/source/'))).toHaveLength(build.result.files.length);
    expect(pages.filter((page) => page.startsWith('/rules/'))).toHaveLength(rules.length + 1);
    expect(pages.filter((page) => page.startsWith('/docs/'))).toHaveLength(build.result.files.filter((file) => file.role === 'doc').length);
  });

  it('loads every page without console errors, and every internal link and anchor resolves', async () => {
    const { pages, links, problems } = await crawl('embedded');
    expect(problems).toEqual([]);
    expect(pages).toBeGreaterThan(40);
    expect(links).toBeGreaterThan(pages * 10);
  }, 180_000);

  it('lists each page’s sections under “On this page”, for generated pages and docs alike', async () => {
    const { build } = site('embedded');
    const tocLinks = async (route: string) => {
      const html = await readFile(path.join(build.outDir, route, 'index.html'), 'utf8');
      const toc = /<starlight-toc[\s\S]*?<\/starlight-toc>/.exec(html)?.[0] ?? '';
      return [...toc.matchAll(/href="#([^"]+)"/g)].map((match) => match[1]);
    };
    expect(await tocLinks('architecture')).toEqual(expect.arrayContaining(['_top', 'diagram']));
    expect(await tocLinks('rules/k8s/dangling-service')).toEqual(expect.arrayContaining(['_top', 'how-to-fix', 'in-this-deployment']));
    expect((await tocLinks('guide')).length).toBeGreaterThan(3);
  });

  it('shows on its home page the status, counts by severity, what was checked and the commit', async () => {
    const { build, server } = site('embedded');
    expect(build.result.findings).toEqual([]);
    const page = await browser.newPage();
    try {
      const home = await homePage(page, `${server.url}/`);
      expect(home.status).toContain('No drift');
      const head = execFileSync('git', ['-C', REPO, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
      expect(home.status).toContain(`Built from commit ${head.slice(0, 12)}`);
      expect(home.counts).toEqual({ error: 0, warning: 0, info: 0 });
      expect(home.causes).toEqual([]);
      expect(home.headings).toEqual(expect.arrayContaining(['Top root causes', 'What was checked']));
      expect([...home.checked].sort()).toEqual(build.result.files.map((file) => `/source/${routeSegment(file.path)}/`).sort());
      await screenshots(page, `${server.url}/`, 'home-embedded');
    } finally {
      await page.close();
    }
  }, 60_000);

  it('draws the architecture diagram, naming every deployed workload, in light and dark mode', async () => {
    const { build, server } = site('embedded');
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/architecture/`);
      const diagram = page.locator('svg.dd-diagram');
      await expect.poll(() => diagram.isVisible()).toBe(true);
      const box = await diagram.boundingBox();
      expect(box?.width).toBeGreaterThan(300);
      expect(box?.height).toBeGreaterThan(300);
      const text = await diagram.textContent();
      const workloads = build.result.model.workloads.map((workload) => workload.name);
      expect(workloads.length).toBeGreaterThan(5);
      for (const name of workloads) {
        expect(text).toContain(name);
        expect(await page.locator(`svg.dd-diagram [data-workload="${name}"]`).count()).toBe(1);
      }
      for (const theme of ['light', 'dark']) {
        await page.evaluate((value) => {
          document.documentElement.dataset.theme = value;
        }, theme);
        // Text must contrast with the page in both themes.
        const colors = await page.evaluate(() => {
          const title = document.querySelector('svg.dd-diagram .dd-node-title')!;
          return { text: getComputedStyle(title).fill, background: getComputedStyle(document.body).backgroundColor };
        });
        expect(colors.text).not.toBe(colors.background);
      }
      await screenshots(page, `${server.url}/architecture/`, 'architecture');
    } finally {
      await page.close();
    }
  }, 60_000);

  it('shows the expansion path with whole table rows and a copy button per snippet that copies it', async () => {
    const { server } = site('embedded');
    await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/expansion/`);
      const rows = await tableRows(page);
      expect(rows.length).toBeGreaterThan(50);
      expect(rows.filter((row) => row.cells !== row.header)).toEqual([]);
      const figures = page.locator('main figure.dd-code');
      expect(await figures.count()).toBeGreaterThan(10);
      expect(await page.locator('main figure.dd-code button.dd-copy').count()).toBe(await figures.count());
      const statefulSet = figures.filter({ has: page.locator('figcaption', { hasText: 'StatefulSet' }) }).first();
      await statefulSet.locator('button.dd-copy').click();
      await expect.poll(() => statefulSet.locator('button.dd-copy').textContent()).toBe('Copied');
      const copied = await page.evaluate(() => window.navigator.clipboard.readText());
      expect(copied).toMatch(/^apiVersion: apps\/v1\nkind: StatefulSet\n/);
      expect(copied).toBe((await statefulSet.locator('pre').innerText()).replace(/\n$/, ''));
      expect(copied).toMatch(/port: http$/);
      await screenshots(page, `${server.url}/expansion/`, 'expansion');
    } finally {
      await page.close();
    }
  }, 60_000);

  it.each(['embedded', 'seedBefore'] as const)('fits the whole diagram of the %s in view at 1280 px, with a legend, and zooms and pans', async (name) => {
    const { server } = site(name);
    const page = await browser.newPage();
    try {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${server.url}/architecture/`);
      const diagram = page.locator('svg.dd-diagram');
      await diagram.evaluate((svg: any) => svg.scrollIntoView({ block: 'center' }));
      const fitted = (await diagram.boundingBox())!;
      const frame = (await page.locator('.dd-diagram-scroll').boundingBox())!;
      expect(fitted.x).toBeGreaterThanOrEqual(frame.x);
      expect(fitted.x + fitted.width).toBeLessThanOrEqual(frame.x + frame.width + 0.5);
      expect(fitted.y).toBeGreaterThanOrEqual(0);
      expect(fitted.y + fitted.height).toBeLessThanOrEqual(900);
      const scrolls = () => page.locator('.dd-diagram-scroll').evaluate((box: any) => ({ x: box.scrollWidth > box.clientWidth, y: box.scrollHeight > box.clientHeight }));
      expect(await scrolls()).toEqual({ x: false, y: false });
      expect(await page.locator('ul.dd-legend li').count()).toBeGreaterThanOrEqual(6);

      await page.locator('.dd-diagram-tools button[data-zoom="in"]').click();
      await page.locator('.dd-diagram-tools button[data-zoom="in"]').click();
      const zoomed = (await diagram.boundingBox())!;
      expect(zoomed.width).toBeCloseTo(fitted.width * 2.25, -1);
      expect(await page.locator('.dd-zoom-level').textContent()).toMatch(/^\d+%$/);
      expect((await scrolls()).x).toBe(true);
      // Dragging the diagram pans it.
      const start = await page.locator('.dd-diagram-scroll').evaluate((box: any) => box.scrollLeft);
      await page.mouse.move(frame.x + frame.width / 2, frame.y + 100);
      await page.mouse.down();
      await page.mouse.move(frame.x + frame.width / 2 - 200, frame.y + 100, { steps: 5 });
      await page.mouse.up();
      expect(await page.locator('.dd-diagram-scroll').evaluate((box: any) => box.scrollLeft)).toBeGreaterThan(start + 100);
      expect(page.url()).toBe(`${server.url}/architecture/`);
      await page.locator('.dd-diagram-tools button[data-zoom="fit"]').click();
      expect((await diagram.boundingBox())!.width).toBeCloseTo(fitted.width, 0);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('finds a worker’s page when searching for its name (Pagefind, offline)', async () => {
    const { server } = site('embedded');
    const page = await browser.newPage();
    const messages: string[] = [];
    page.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`));
    page.on('requestfailed', (request) => messages.push(`failed: ${request.url()}`));
    try {
      await page.goto(`${server.url}/`);
      // Starlight creates the Pagefind UI when the page is idle; open the dialog once it exists.
      await page.waitForFunction(() => document.querySelector('#starlight__search .pagefind-ui__search-input') !== null, undefined, { timeout: 30_000 }).catch(() => undefined);
      await page.locator('button[data-open-modal]').first().click();
      const input = page.locator('.pagefind-ui__search-input');
      const shown = await input.waitFor({ state: 'visible', timeout: 30_000 }).then(() => true, () => false);
      if (!shown) {
        const dialog = await page.evaluate(() => document.querySelector('dialog')?.outerHTML ?? 'no dialog');
        throw new Error(`the search box did not appear:\n${dialog.slice(0, 2000)}\n${messages.join('\n')}`);
      }
      await input.fill('synapse-sync-worker');
      const results = page.locator('a.pagefind-ui__result-link');
      await results.first().waitFor({ state: 'visible', timeout: 20_000 });
      const hrefs = await results.evaluateAll((links) => links.map((link) => new URL(link.getAttribute('href') ?? '', document.baseURI).pathname));
      expect(hrefs).toContain('/workers/synapse-sync-worker/');
    } finally {
      await page.close();
    }
  }, 90_000);

  it('finds a Service’s manifest page when searching for its name, and no rule example', async () => {
    const { server } = site('embedded');
    const page = await browser.newPage();
    try {
      const hrefs = await search(page, server.url, 'synapse-federation-sender');
      expect(hrefs).toContain('/source/deployment/manifests/06-synapse-workers-yaml/');
      expect(hrefs.filter((href) => href.startsWith('/rules/'))).toEqual([]);
      expect(await search(page, server.url, 'haproxy-config')).toContain('/source/deployment/manifests/07-haproxy-yaml/');
    } finally {
      await page.close();
    }
  }, 90_000);

  it('has one sidebar entry per page and no /docs/docs/ routes', async () => {
    const { server, pages } = site('embedded');
    expect(pages.filter((route) => route.startsWith('/docs/docs/'))).toEqual([]);
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/`);
      const entries = await page.evaluate(() =>
        [...document.querySelectorAll('nav[aria-label="Main"] a')].map((link: any): string => `${link.textContent.trim()} → ${link.getAttribute('href')}`),
      );
      // Within one group of the sidebar, no two entries carry the same label.
      const twice = await page.evaluate(() =>
        [...document.querySelectorAll('nav[aria-label="Main"] ul')].flatMap((list: any) => {
          const labels = [...list.children].map((item: any): string => (item.querySelector(':scope > a, :scope > details > summary')?.textContent ?? '').trim());
          return labels.filter((label, index) => label && labels.indexOf(label) !== index);
        }),
      );
      expect(twice).toEqual([]);
      const hrefs = entries.map((entry) => entry.split(' → ')[1]);
      expect(hrefs.filter((href, index) => hrefs.indexOf(href) !== index)).toEqual([]);
      expect(entries).toContain('Architecture → /architecture/');
      expect(entries).toContain('Architecture (architecture.md) → /docs/architecture/');
    } finally {
      await page.close();
    }
  }, 60_000);

  it('is readable on a phone: no horizontal overflow', async () => {
    const { server } = site('embedded');
    const page = await browser.newPage();
    await page.setViewportSize(PHONE);
    try {
      for (const route of ['/', '/architecture/', '/guide/', '/expansion/', '/drift/', '/review/', '/rules/', '/workers/synapse-sync-worker/', '/source/deployment/config/haproxy-cfg/']) {
        await page.goto(server.url + route);
        const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
        expect(scroll, route).toBeLessThanOrEqual(width);
      }
    } finally {
      await page.close();
    }
  }, 60_000);

  it.each(['embedded', 'seedBefore'] as const)('draws the diagram of the %s readable on a phone: labels at 7 px or more, none overlapping another', async (name) => {
    const { server } = site(name);
    const page = await browser.newPage();
    await page.setViewportSize(PHONE);
    try {
      await page.goto(`${server.url}/architecture/`);
      // The diagram starts at a size to read (its 12 px labels at 7 px or more) and pans inside its box.
      const scale = await page.locator('svg.dd-diagram').evaluate((svg: any) => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width);
      expect(scale).toBeGreaterThanOrEqual(0.58);
      expect(await page.locator('.dd-diagram-scroll').evaluate((box: any) => box.scrollWidth > box.clientWidth)).toBe(true);
      const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
      expect(scroll).toBeLessThanOrEqual(width);
      // It starts where traffic enters: the top-most box is in view, not the empty top-left corner.
      const entry = await page.evaluate(() => {
        const frame = document.querySelector('.dd-diagram-scroll').getBoundingClientRect();
        const boxes = [...document.querySelectorAll('svg.dd-diagram .dd-node')].map((node: any) => ({ title: node.querySelector('.dd-node-title').textContent, rect: node.getBoundingClientRect() }));
        const top = boxes.reduce((first, next) => (next.rect.top < first.rect.top ? next : first));
        return { title: top.title as string, inView: top.rect.left >= frame.left && top.rect.right <= frame.right };
      });
      expect(entry, entry.title).toEqual({ title: expect.stringMatching(/^Ingress /), inView: true });
      // Every text of the diagram (node titles and lines, edge labels) where no other text is.
      const overlaps = await page.evaluate(() => {
        const boxes = [...document.querySelectorAll('svg.dd-diagram text')].map((text: any) => ({ text: text.textContent as string, box: text.getBoundingClientRect() }));
        const found: string[] = [];
        boxes.forEach((a, index) => {
          for (const b of boxes.slice(index + 1)) {
            const x = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
            const y = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
            if (x > 0.5 && y > 0.5) found.push(`${a.text} / ${b.text}`);
          }
        });
        return { count: boxes.length, found };
      });
      expect(overlaps.count).toBeGreaterThan(20);
      expect(overlaps.found).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS, `architecture-${name}-phone.png`) });
    } finally {
      await page.close();
    }
  }, 60_000);
});

describe.skipIf(!chromiumBinary)('site of test/fixtures/seed-after', () => {
  it('shows as many findings as docdrift check --format json', async () => {
    const { server } = site('seedAfter');
    const json = JSON.parse(formatJson(await check({ root: path.join(REPO, 'test/fixtures/seed-after') }))) as {
      summary: { errors: number; warnings: number };
      findings: unknown[];
    };
    expect(json.findings.length).toBeGreaterThan(10);
    const page = await browser.newPage();
    await page.setViewportSize(PHONE);
    try {
      await page.goto(`${server.url}/drift/`);
      expect(await page.locator('[data-finding]').count()).toBe(json.findings.length);
      await expect.poll(() => page.locator('#dd-filter-count').textContent()).toBe(`Showing ${json.findings.length} of ${json.findings.length} findings`);
      await page.selectOption('#dd-filter-severity', 'warning');
      expect(await page.locator('[data-finding]:visible').count()).toBe(json.summary.warnings);
      // The filter is in the URL: a reload (or a shared link) shows the same view.
      expect(new URL(page.url()).searchParams.get('severity')).toBe('warning');
      await page.reload();
      expect(await page.locator('[data-finding]:visible').count()).toBe(json.summary.warnings);
      await page.selectOption('#dd-filter-severity', '');
      expect(new URL(page.url()).search).toBe('');
      const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
      expect(scroll).toBeLessThanOrEqual(width);
      await page.screenshot({ path: path.join(ARTIFACTS, 'drift-report-phone.png') });
    } finally {
      await page.close();
    }
  }, 60_000);

  it('derives the deployment guide: each manifest after what it needs, with its command and the doc sections about it', async () => {
    const { server } = site('seedAfter');
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/guide/`);
      const steps = await page.locator('main h2').allTextContents();
      const order = steps.map((step) => step.replace(/^\d+\. deployment\/manifests\//, ''));
      expect(order[0]).toBe('00-namespace.yaml');
      const before = (a: string, b: string) => expect(order.indexOf(a), `${a} before ${b}`).toBeLessThan(order.indexOf(b));
      before('01-secrets.yaml', '04-synapse-main.yaml');
      before('03-synapse-config.yaml', '04-synapse-main.yaml');
      before('04-synapse-main.yaml', '07-haproxy.yaml');
      before('06-synapse-workers.yaml', '07-haproxy.yaml');
      before('06-synapse-workers.yaml', '10-autoscaling.yaml');
      expect(await page.locator('main pre.dd-command').allTextContents()).toEqual(steps.map((step) => `kubectl apply -f ${step.replace(/^\d+\. /, '')}`));
      const haproxyStep = page.locator('main h2:has-text("07-haproxy.yaml") ~ p', { hasText: 'Described in' }).first();
      expect(await haproxyStep.locator('a[href^="/docs/deployment-guide/#step-7"]').count()).toBe(1);
      expect(await page.locator('main .dd-order-drift').count()).toBe(0);
      await screenshots(page, `${server.url}/guide/`, 'guide');
    } finally {
      await page.close();
    }
  }, 60_000);

  it('shows the drift report’s causes collapsible, both sides quoted, backticks as code, and a rule filter in the URL', async () => {
    const { build, server } = site('seedAfter');
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/drift/`);
      const groups = page.locator('#dd-findings details[data-cause]');
      // A closed cause shows its findings once clicked.
      const closedIndex = await groups.evaluateAll((all: any[]) => all.map((group) => group.open).lastIndexOf(false));
      expect(closedIndex).toBeGreaterThan(0);
      const closed = groups.nth(closedIndex);
      const hiddenItem = closed.locator('[data-finding]').first();
      const hiddenId = await hiddenItem.getAttribute('id');
      expect(await hiddenItem.isVisible()).toBe(false);
      // On its disclosure marker: the summary's links lead elsewhere.
      await closed.locator('summary').click({ position: { x: 4, y: 8 } });
      expect(await hiddenItem.isVisible()).toBe(true);
      // A message's `backticks` are code, and the line at each side of a finding is quoted.
      const withCommand = build.result.findings.find((finding) => finding.message.includes('`kubectl create configmap'))!;
      const item = page.locator(`#finding-${build.result.findings.indexOf(withCommand) + 1}`);
      expect(await item.locator('.dd-finding-message code').first().textContent()).toMatch(/^kubectl create configmap haproxy-config/);
      expect(await item.locator('.dd-finding-message').textContent()).not.toContain('`');
      const guideLine = (await readFile(path.join(REPO, 'test/fixtures/seed-after', withCommand.file), 'utf8')).split('\n')[withCommand.line - 1]!.trim();
      expect(await item.locator('pre.dd-quote code').first().textContent()).toBe(guideLine);
      expect(await item.locator('.dd-related pre.dd-quote').count()).toBe(withCommand.related.length);
      // A cause title's `backticks` are code too.
      expect(await page.locator('.dd-cause-title').allTextContents()).not.toContainEqual(expect.stringContaining('`'));
      // A link to a finding in a closed cause opens it.
      await page.goto(`${server.url}/drift/`);
      expect(await page.locator(`#${hiddenId}`).isVisible()).toBe(false);
      await page.goto(`${server.url}/drift/#${hiddenId}`);
      expect(await page.locator(`#${hiddenId}`).isVisible()).toBe(true);
      // The rule filter lives in the URL; causes and files with nothing left are hidden, the others open.
      const rule = withCommand.ruleId;
      await page.goto(`${server.url}/drift/`);
      await page.selectOption('#dd-filter-rule', rule);
      expect(new URL(page.url()).searchParams.get('rule')).toBe(rule);
      await page.reload();
      const shown = async () =>
        page.evaluate(() => ({
          findings: [...document.querySelectorAll('[data-finding]')].filter((element: any) => element.checkVisibility()).map((element: any): string => element.dataset.rule),
          // A file is shown exactly when one of its findings is.
          filesAgree: [...document.querySelectorAll('[data-file-group]')].every(
            (element: any) => element.checkVisibility() === [...element.querySelectorAll('[data-finding]')].some((finding: any) => finding.checkVisibility()),
          ),
          hiddenFiles: [...document.querySelectorAll('[data-file-group]')].filter((element: any) => !element.checkVisibility()).length,
          causes: [...document.querySelectorAll('[data-cause]')].filter((element: any) => element.checkVisibility()).map((element: any): boolean => element.open),
        }));
      const filtered = await shown();
      expect(filtered.findings).toEqual(build.result.findings.filter((finding) => finding.ruleId === rule).map(() => rule));
      expect(filtered.causes.length).toBeGreaterThan(0);
      expect(filtered.causes.every(Boolean)).toBe(true);
      expect(filtered.filesAgree).toBe(true);
      expect(filtered.hiddenFiles).toBeGreaterThan(0);
      await page.selectOption('#dd-filter-rule', '');
      expect(new URL(page.url()).search).toBe('');
    } finally {
      await page.close();
    }
  }, 60_000);

  it('loads every page without console errors, and every internal link and anchor resolves', async () => {
    const { problems, pages } = await crawl('seedAfter');
    expect(problems).toEqual([]);
    expect(pages).toBeGreaterThan(30);
  }, 180_000);

  it('links every file:line of the review, names the root as the repository does, and shows the build commit', async () => {
    const { build, server } = site('seedAfter');
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/review/`);
      const locations = await page.evaluate(() =>
        [...document.querySelectorAll('main code')]
          .filter((code: any) => /^[\w./-]+\.(ya?ml|md|cfg):\d+(:\d+)?$/.test(code.textContent))
          .map((code: any) => ({ text: code.textContent as string, href: code.closest('a')?.getAttribute('href') as string | undefined })),
      );
      expect(locations.length).toBeGreaterThan(20);
      for (const { text, href } of locations) {
        const [file, line] = text.split(':');
        expect(href, text).toBe(`/source/${routeSegment(file!)}/#L${line}`);
      }
      const main = await page.locator('main').textContent();
      expect(main).toContain('Root: test/fixtures/seed-after/');
      expect(main).not.toContain(REPO);
      const head = execFileSync('git', ['-C', REPO, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
      expect(await page.locator('.dd-build').textContent()).toContain(`Built by docdrift from commit ${head.slice(0, 12)}`);
      // A doc page links its source file and says when it last changed.
      const doc = build.result.files.find((file) => file.path.endsWith('HAPROXY-ARCHITECTURE.md'))!;
      await page.goto(`${server.url}/docs/haproxy-architecture/`);
      const source = page.locator('main .dd-doc-source');
      expect(await source.locator('a').first().getAttribute('href')).toBe(`/source/${routeSegment(doc.path)}/`);
      const changed = execFileSync('git', ['-C', REPO, 'log', '-1', '--format=%cI', '--', `test/fixtures/seed-after/${doc.path}`], { encoding: 'utf8' }).trim();
      expect(await source.textContent()).toContain(`last changed ${changed.slice(0, 10)}`);
      expect(await page.locator('footer time').count()).toBe(1);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('shows a doc’s findings as asides at the lines they concern', async () => {
    const { build, server } = site('seedAfter');
    const guideFindings = build.result.findings.filter((finding) => finding.file === 'deployment/docs/DEPLOYMENT-GUIDE.md');
    expect(guideFindings.length).toBeGreaterThan(0);
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/docs/deployment-guide/`);
      expect(await page.locator('aside.dd-aside').count()).toBeGreaterThanOrEqual(guideFindings.length);
      expect(await page.locator('aside.starlight-aside--danger').first().textContent()).toContain(guideFindings[0]!.message.slice(0, 40));
    } finally {
      await page.close();
    }
  }, 60_000);
});

describe.skipIf(!chromiumBinary).each(['seedBefore', 'seedAfter'] as const)('site of the %s fixture', (name) => {
  it('shows on its home page the drift, counts by severity and the biggest root causes first', async () => {
    const { build, server } = site(name);
    const { summary } = build.result;
    const page = await browser.newPage();
    try {
      const home = await homePage(page, `${server.url}/`);
      expect(home.status).toContain(`Drift found: ${summary.errors} errors, ${summary.warnings} warning`);
      expect(home.counts).toEqual({ error: summary.errors, warning: summary.warnings, info: summary.infos });
      // The architecture review's root causes, most harmful first, each with its consequence and first place.
      const causes = await reviewCauses(name);
      expect(causes.length).toBeGreaterThan(1);
      expect(home.causes.length).toBe(Math.min(5, causes.length));
      causes.slice(0, 5).forEach((cause, index) => {
        expect(home.causes[index]).toContain(`${cause.title.replaceAll('`', '')} (${cause.impact})`);
        expect(home.causes[index]).toContain(`${cause.places.length} ${cause.places.length === 1 ? 'place' : 'places'}, first in ${cause.places[0]!.file}:${cause.places[0]!.line}`);
      });
      expect(home.causeLinks).toContain(`/drift/`);
      expect(home.causeLinks).toContain(`/rules/${causes[0]!.ruleIds[0]}/`);
      await screenshots(page, `${server.url}/`, `home-${name}`);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('groups the drift report by the review’s root causes, most harmful first, each finding once, in its file', async () => {
    const { build, server } = site(name);
    const causes = await reviewCauses(name);
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/drift/`);
      const groups = await page.evaluate(() =>
        [...document.querySelectorAll('#dd-findings details[data-cause]')].map((group: any) => ({
          id: group.dataset.cause as string,
          title: group.querySelector('.dd-cause-title').textContent as string,
          impact: group.dataset.impact as string,
          consequence: group.querySelector('.dd-cause-consequence').textContent as string,
          first: group.querySelector('.dd-cause-first a.dd-loc')?.getAttribute('href') as string | undefined,
          open: group.open as boolean,
          files: [...group.querySelectorAll('[data-file-group]')].map((file: any) => ({
            file: file.dataset.fileGroup as string,
            findings: [...file.querySelectorAll('[data-finding]')].map((item: any): number => Number(item.id.replace('finding-', ''))),
          })),
        })),
      );
      expect(groups.map((group) => group.id)).toEqual(causes.map((cause) => cause.id));
      expect(groups.map((group) => group.title)).toEqual(causes.map((cause) => cause.title.replaceAll('`', '')));
      expect(groups.map((group) => group.impact)).toEqual(causes.map((cause) => cause.impact));
      causes.forEach((cause, index) => {
        const group = groups[index]!;
        expect(group.consequence).toBe(cause.consequence.replaceAll('`', ''));
        expect(group.first).toBe(`/source/${routeSegment(cause.places[0]!.file)}/#L${cause.places[0]!.line}`);
        // Most harmful open; the others closed until clicked.
        expect(group.open).toBe(index === 0 || cause.impact === 'critical');
        // Its findings by file, each in the file it is about.
        const listed = group.files.flatMap((file) => file.findings.map((number) => ({ file: file.file, finding: build.result.findings[number - 1]! })));
        for (const { file, finding } of listed) expect(finding.file).toBe(file);
        expect(new Set(group.files.map((file) => file.file)).size).toBe(group.files.length);
        expect(listed.map(({ finding }) => `${finding.file}:${finding.line}:${finding.column} ${finding.message}`).sort()).toEqual(
          cause.places.map((place) => `${place.file}:${place.line}:${place.column} ${place.message}`).sort(),
        );
      });
      // Every finding exactly once.
      const numbers = groups.flatMap((group) => group.files.flatMap((file) => file.findings)).sort((a, b) => a - b);
      expect(numbers).toEqual(build.result.findings.map((_, index) => index + 1));
      await screenshots(page, `${server.url}/drift/`, `drift-${name}`);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('shows the expansion path with whole table rows and the Synapse container’s image, and finds a Service’s manifest page by its name', async () => {
    const { build, server } = site(name);
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/expansion/`);
      const rows = await tableRows(page);
      expect(rows.length).toBeGreaterThan(20);
      expect(rows.filter((row) => row.cells !== row.header)).toEqual([]);
      // Each new worker runs the image of the container that runs Synapse in the main process.
      const main = build.result.model.workloads.find((workload) => workload.name === 'synapse-main')!;
      const image = synapseContainer(main)!.image;
      expect(image).toMatch(/synapse/);
      const statefulSets = await page.locator('main figure.dd-code', { has: page.locator('figcaption', { hasText: 'StatefulSet' }) }).locator('pre').allInnerTexts();
      expect(statefulSets.length).toBeGreaterThan(3);
      for (const text of statefulSets) {
        const statefulSet = parseDocument(text).toJS() as { spec: { template: { spec: { containers: { image: string }[]; initContainers?: unknown } } } };
        expect(statefulSet.spec.template.spec.containers.map((container) => container.image)).toEqual([image]);
        expect(statefulSet.spec.template.spec.initContainers).toBeUndefined();
      }
      const service = build.result.model.services.find((entry) => entry.name === 'synapse-generic-worker')!;
      expect(await search(page, server.url, service.name)).toContain(`/source/${routeSegment(service.source.file)}/`);
    } finally {
      await page.close();
    }
  }, 90_000);
});

describe.skipIf(!chromiumBinary)('text that looks like HTML', () => {
  it('is shown as text, never run: finding messages, docs and manifests', async () => {
    const { server, pages, build } = site('hostile');
    const messages = build.result.findings.map((finding) => finding.message);
    expect(messages.some((message) => message.includes('<script>'))).toBe(true);
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    try {
      for (const route of pages) {
        await page.goto(server.url + route);
        const state = await page.evaluate(() => ({
          xss: window.__xss as unknown,
          scripts: [...document.scripts].filter((script: any) => script.textContent?.includes('__xss')).length,
          handlers: document.querySelectorAll('[onerror], [onclick], [onload]').length,
          javascriptLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
        }));
        expect(state, route).toEqual({ xss: undefined, scripts: 0, handlers: 0, javascriptLinks: 0 });
      }
      await page.goto(`${server.url}/drift/`);
      const text = await page.locator('#dd-findings').textContent();
      expect(text).toContain("Backend '<script>window.__xss=1</script>'");
      expect(text).toContain('app=<img src=x onerror=window.__xss=2>');
      await page.goto(`${server.url}/docs/deployment-guide/`);
      expect(await page.locator('main').textContent()).toContain('<script>window.__xss=5</script>');
      expect(dialogs).toEqual([]);
    } finally {
      await page.close();
    }
    const html = await readFile(path.join(build.outDir, 'drift', 'index.html'), 'utf8');
    expect(html).not.toContain('<script>window.__xss');
    expect(html).toContain('&lt;script&gt;window.__xss=1&lt;/script&gt;');
  }, 120_000);
});

describe.skipIf(!chromiumBinary)('site of test/site/fixtures/real-shapes', () => {
  it('shows no replica count for a DaemonSet or a CronJob: diagram, tables, workload pages and drift report', async () => {
    const { server } = site('realShapes');
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/architecture/`);
      for (const name of ['node-exporter', 'media-purge']) {
        const node = await page.locator(`svg.dd-diagram [data-workload="${name}"]`).textContent();
        expect(node).toMatch(name === 'node-exporter' ? /one pod per node/ : /runs on a schedule/);
        expect(node).not.toMatch(/replica/i);
        const rows = await page.locator('main table tr', { hasText: name }).allTextContents();
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) expect(row).not.toMatch(/replica/i);
      }
      // The Deployment next to them still shows its count.
      expect(await page.locator('svg.dd-diagram [data-workload="synapse-main"]').textContent()).toContain('1 replica');
      for (const route of ['/workers/node-exporter/', '/workers/media-purge/', '/drift/']) {
        await page.goto(server.url + route);
        const text = await page.locator('main').textContent();
        const description = await page.locator('meta[name="description"]').getAttribute('content');
        for (const name of ['node-exporter', 'media-purge']) {
          for (const sentence of `${text} ${description}`.split(/[.\n]/).filter((part) => part.includes(name))) expect(sentence, route).not.toMatch(/replica/i);
        }
      }
    } finally {
      await page.close();
    }
  }, 60_000);
});

describe.skipIf(!chromiumBinary)('building test/site/fixtures/real-shapes', () => {
  it('marks in the deployment guide a doc that applies a manifest before its Namespace', async () => {
    const { server } = site('realShapes');
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/guide/`);
      expect(await page.locator('main h2').allTextContents()).toEqual(['1. manifests/namespace.yaml', '2. manifests/synapse.yaml']);
      const drift = await page.locator('main .dd-order-drift').allTextContents();
      expect(drift).toHaveLength(1);
      expect(drift[0]).toContain('docs/README.md:22 applies manifests/synapse.yaml before manifests/namespace.yaml, which it needs: its objects live in Namespace matrix.');
    } finally {
      await page.close();
    }
  }, 60_000);

  it('lists on a worker’s page the findings filed under haproxy.cfg about routing to it', async () => {
    const { build, server } = site('realShapes');
    const routing = build.result.findings.filter((finding) => finding.ruleId === 'synapse/route-capability');
    expect(routing.map((finding) => finding.file)).toEqual(['config/haproxy.cfg']);
    const page = await browser.newPage();
    try {
      const listed = async (worker: string) => {
        await page.goto(`${server.url}/workers/${worker}/`);
        return page.locator('main ul.dd-worker-findings > li').allTextContents();
      };
      const generic = await listed('synapse-generic-worker');
      expect(generic).toHaveLength(1);
      expect(generic[0]).toContain(routing[0]!.message);
      expect(generic[0]).toContain('config/haproxy.cfg:19:5');
      expect(await listed('synapse-staging')).toEqual([]);
      expect(await page.locator('main').textContent()).toContain('No findings about this workload');
      await screenshots(page, `${server.url}/workers/synapse-generic-worker/`, 'worker');
    } finally {
      await page.close();
    }
  }, 60_000);

  it('prints no warning for code blocks in languages Shiki lacks (promql, LogQL): they are plain text', async () => {
    const { logs, server } = site('realShapes');
    expect(logs).not.toMatch(/language|promql|logql/i);
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/docs/readme/`);
      const blocks = await page.locator('main pre').allTextContents();
      expect(blocks.some((block) => block.includes('histogram_quantile(0.99'))).toBe(true);
      expect(blocks.some((block) => block.includes('|= "ERROR"'))).toBe(true);
    } finally {
      await page.close();
    }
  }, 60_000);
});
