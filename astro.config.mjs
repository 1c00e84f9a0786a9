// The docdrift site (Astro + Starlight). `docdrift site build|dev` runs Astro with this config
// (see site/lib/astro-runner.mjs) and points DOCDRIFT_SITE_DIR at the folder where it writes the
// site's configuration and pages, computed from one check. Run by itself (`npx astro build`,
// `npx astro dev`), it builds the site of this repository's embedded default deployment into dist-site/.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import { remarkDocdrift } from './site/lib/remark.ts';

const DATA_ENV = 'DOCDRIFT_SITE_DIR';
const here = (relative) => fileURLToPath(new URL(relative, import.meta.url));

if (!process.env[DATA_ENV]) {
  // Standalone: check the embedded default (this folder) once and write its pages.
  const { prepareSite } = await import('./src/site/prepare.ts');
  const prepared = await prepareSite({ root: here('./'), dataDir: here('./.astro/docdrift/') });
  process.env[DATA_ENV] = prepared.dataDir;
}
process.env.ASTRO_TELEMETRY_DISABLED ??= '1';
process.env.ASTRO_DISABLE_UPDATE_CHECK ??= 'true';

// docdrift starts Astro before its check is done: wait for the configuration it writes.
const configFile = `${process.env[DATA_ENV]}/site-config.json`;
for (const until = Date.now() + 10 * 60 * 1000; !existsSync(configFile); ) {
  if (Date.now() > until) throw new Error(`docdrift did not write ${configFile}`);
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const data = JSON.parse(readFileSync(configFile, 'utf8'));
const haproxy = JSON.parse(readFileSync(here('./site/lib/haproxy.tmLanguage.json'), 'utf8'));
const copyCode = readFileSync(here('./site/lib/copy-code.js'), 'utf8');

export default defineConfig({
  srcDir: here('./site/'),
  publicDir: here('./site/public/'),
  outDir: here('./dist-site/'),
  base: data.base,
  devToolbar: { enabled: false },
  markdown: { remarkPlugins: [remarkDocdrift] },
  integrations: [
    starlight({
      title: data.title,
      sidebar: data.sidebar,
      customCss: [here('./site/styles/docdrift.css')],
      favicon: '/favicon.svg',
      head: [{ tag: 'script', attrs: { type: 'module' }, content: copyCode }],
      components: { MarkdownContent: here('./site/components/MarkdownContent.astro'), Footer: here('./site/components/Footer.astro') },
      routeMiddleware: here('./site/lib/route-data.ts'),
      pagefind: true,
      lastUpdated: false,
      tableOfContents: { minHeadingLevel: 2, maxHeadingLevel: 3 },
      expressiveCode: { shiki: { langs: [haproxy] } },
    }),
  ],
});
