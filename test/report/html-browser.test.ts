// The HTML review in a real browser: its table of contents, its file:line links and a phone-sized screen.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM, requireBinary, type Skippable } from '../system-binary.ts';
import { renderReview } from './render.ts';

declare const document: any;
declare const window: any;
declare function getComputedStyle(element: unknown): any;

const ROOT = 'test/report/fixtures/broken-routing';

let work: string | undefined;
let browser: BrowserContext | undefined;

afterAll(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** The page written to a scratch folder, its file links relative to it (as `report -o` writes them), opened in Chromium. */
async function openReview(context: Skippable, viewport: { width: number; height: number }) {
  // Skipped with a line saying what to install when Chromium is missing; a failure under CI=true.
  const chromiumBinary = requireBinary(context, CHROMIUM, 'the HTML review test');
  work ??= await mkdtemp(path.join(os.tmpdir(), 'docdrift-report-html-'));
  const { html, result } = await renderReview(ROOT);
  const file = path.join(work, 'review.html');
  await writeFile(file, html(path.relative(work, path.resolve(ROOT)).split(path.sep).join('/')));
  browser ??= await chromium.launchPersistentContext(await mkdtemp(path.join(work, 'chromium-')), {
    executablePath: chromiumBinary.path,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  await page.setViewportSize(viewport);
  await page.goto(pathToFileURL(file).href);
  return { page, result };
}

describe('the HTML review in Chromium', () => {
  it('has a table of contents whose links land on their headings', async (context) => {
    const { page } = await openReview(context, { width: 1280, height: 800 });
    const targets: string[] = await page.$$eval('nav.toc a', (links: any[]) => links.map((link) => link.getAttribute('href')));
    expect(targets.length).toBeGreaterThan(8);
    expect(targets).toContain('#1-haproxy-refuses-haproxycfg-trailing-backslashes-split-3-statements-critical');
    for (const target of targets) {
      await page.click(`nav.toc a[href="${target}"]`);
      const landed = await page.evaluate((id: string) => {
        const heading = document.getElementById(id);
        return heading ? { tag: heading.tagName, top: Math.round(heading.getBoundingClientRect().top), hash: window.location.hash } : undefined;
      }, target.slice(1));
      expect(landed?.tag, target).toMatch(/^H[23]$/);
      expect(landed?.hash).toBe(target);
      // At the top of the window, or as near as the end of the page allows.
      const scrolledToEnd = await page.evaluate(() => window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 1);
      if (!scrolledToEnd) expect(Math.abs(landed!.top), target).toBeLessThanOrEqual(20);
    }
    // Every heading carries an anchor to itself.
    const headings = await page.$$eval('h1, h2, h3, h4', (elements: any[]) => elements.map((element) => element.id && element.querySelector(`a.anchor[href="#${element.id}"]`) !== null));
    expect(headings.every(Boolean)).toBe(true);
  });

  it('links file:line to files that exist', async (context) => {
    const { page, result } = await openReview(context, { width: 1280, height: 800 });
    const links: { href: string; text: string }[] = await page.$$eval('a:has(> code)', (anchors: any[]) => anchors.map((anchor) => ({ href: anchor.href, text: anchor.textContent })));
    expect(links.length).toBeGreaterThan(20);
    for (const { href, text } of links) {
      const url = new URL(href);
      const [file, line] = text.split(':');
      expect(fileURLToPath(url), text).toBe(path.resolve(ROOT, file!));
      expect(existsSync(fileURLToPath(url)), text).toBe(true);
      expect(url.hash).toBe(line === undefined ? '' : `#L${line}`);
    }
    expect(links.map((link) => link.text)).toContain('deployment/config/haproxy.cfg:140');
    expect(result.files.length).toBeGreaterThan(0);
  });

  it('does not scroll sideways on a 390 px phone', async (context) => {
    const { page } = await openReview(context, { width: 390, height: 844 });
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
  });

  it('prints without the contents box and with every collapsed place shown, and reads in dark mode', async (context) => {
    const { page } = await openReview(context, { width: 1280, height: 800 });
    const collapsedVisible = () => page.evaluate(() => [...document.querySelectorAll('details:not([open]) ul')].map((list: any) => list.checkVisibility()));
    // On screen the collapsed places are hidden; on paper they must show.
    const onScreen = await collapsedVisible();
    expect(onScreen.length).toBeGreaterThan(0);
    expect(onScreen.every((visible: boolean) => !visible)).toBe(true);
    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
    const printed = await page.evaluate(() => ({
      toc: getComputedStyle(document.querySelector('nav.toc')).display,
    }));
    expect(printed.toc).toBe('none');
    expect((await collapsedVisible()).every(Boolean)).toBe(true);
    await page.emulateMedia({ media: 'screen', colorScheme: 'dark' });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(13, 17, 23)');
  });
});
