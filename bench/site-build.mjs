// Site build benchmark: the docdrift site of the embedded default against a plain Starlight site
// built from copies of the same Markdown docs, the ones docdrift checks (README.md and docs/*.md;
// a frontmatter title added, nothing else).
//
//   npm run build && node bench/site-build.mjs [runs] [--cold]
//
// Each build runs in a fresh child process; the two kinds alternate, and the medians are compared.
// Both keep their caches from build to build (Astro's, and docdrift's parse results and renders),
// so every run after the first is a rebuild; --cold empties them before each build.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../', import.meta.url));
const runs = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 3);
const cold = process.argv.includes('--cold');
const { CACHE_ROOT, siteCacheDir } = await import(new URL('../dist/site/cache.js', import.meta.url).href);
// Inside the repository, so the temporary projects resolve node_modules.
const work = await mkdtemp(path.join(repo, '.astro', 'bench-'));

/** Runs a node script in a child process; resolves with its wall time in ms and its standard error. */
function timed(args, cwd, env = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk) => (errors += chunk));
    child.on('exit', (code) => (code === 0 ? resolve({ ms: performance.now() - started, errors }) : reject(new Error(`${args.join(' ')} failed:\n${errors}`))));
  });
}

async function plainProject() {
  const dir = path.join(work, 'plain');
  const docsDir = path.join(dir, 'src', 'content', 'docs');
  const { check } = await import(new URL('../dist/index.js', import.meta.url).href);
  const docs = (await check({ root: repo })).files.filter((file) => file.role === 'doc').map((file) => file.path);
  for (const file of docs.sort()) {
    const text = await readFile(path.join(repo, file), 'utf8');
    const h1 = /^# (.+)$/m.exec(text);
    const title = (h1?.[1] ?? path.basename(file, '.md')).replace(/"/g, '\\"');
    const body = h1 ? text.replace(h1[0], '') : text;
    await mkdir(path.dirname(path.join(docsDir, file)), { recursive: true });
    await writeFile(path.join(docsDir, file), `---\ntitle: "${title}"\n---\n${body}`);
  }
  await writeFile(
    path.join(dir, 'src', 'content.config.ts'),
    "import { defineCollection } from 'astro:content';\nimport { docsLoader } from '@astrojs/starlight/loaders';\nimport { docsSchema } from '@astrojs/starlight/schema';\nexport const collections = { docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }) };\n",
  );
  await writeFile(
    path.join(dir, 'astro.config.mjs'),
    "import starlight from '@astrojs/starlight';\nimport { defineConfig } from 'astro/config';\nexport default defineConfig({ devToolbar: { enabled: false }, integrations: [starlight({ title: 'plain' })] });\n",
  );
  await writeFile(path.join(dir, 'build.mjs'), "const { build } = await import('astro');\nawait build({ root: process.cwd(), logLevel: 'error' });\n");
  return dir;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;

const docdriftOut = path.join(work, 'docdrift-out');

/** Empties the caches a build of this kind would reuse. */
async function emptyCaches(kind, plain) {
  if (kind === 'plain') {
    // Astro's and Vite's caches (the project's own dependencies resolve from the repository).
    await rm(path.join(plain, 'node_modules'), { recursive: true, force: true });
    return;
  }
  await rm(siteCacheDir(repo, docdriftOut), { recursive: true, force: true });
  for (const name of await readdir(CACHE_ROOT).catch(() => [])) {
    if (name.startsWith('rule-examples-')) await rm(path.join(CACHE_ROOT, name), { force: true });
  }
}

try {
  const plain = await plainProject();
  const docdriftScript = path.join(work, 'docdrift.mjs');
  await writeFile(
    docdriftScript,
    `import { buildSite } from ${JSON.stringify(new URL('../dist/site/build.js', import.meta.url).href)};\n` +
      `const built = await buildSite({ root: ${JSON.stringify(repo)}, outDir: ${JSON.stringify(docdriftOut)}, logLevel: 'error', onOutput: () => {} });\n` +
      `console.error(JSON.stringify({ count: built.data.pages.length, ...built.timings }));\n`,
  );
  const times = { plain: [], docdrift: [] };
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? ['plain', 'docdrift'] : ['docdrift', 'plain'];
    for (const kind of order) {
      if (cold) await emptyCaches(kind, plain);
      const { ms, errors } = kind === 'plain' ? await timed([path.join(plain, 'build.mjs')], plain) : await timed([docdriftScript], work);
      times[kind].push(ms);
      let detail = '';
      if (kind === 'docdrift') {
        const split = JSON.parse(errors.trim().split('\n').pop());
        detail = ` (${split.count} pages; page list written at ${seconds(split.pages)}, bodies at ${seconds(split.bodies)}, Astro done at ${seconds(split.astro)})`;
      }
      console.log(`run ${run + 1} ${kind.padEnd(8)} ${seconds(ms)}${detail}`);
    }
  }
  const plainMedian = median(times.plain);
  const docdriftMedian = median(times.docdrift);
  console.log(`\n${runs} runs each, ${cold ? 'every build cold' : 'caches kept from build to build (the first build is cold)'}`);
  console.log(`plain Starlight (the same Markdown docs): median ${seconds(plainMedian)}`);
  console.log(`docdrift site (embedded default): median ${seconds(docdriftMedian)}`);
  console.log(`ratio docdrift / plain: ${(docdriftMedian / plainMedian).toFixed(2)}`);
} finally {
  await rm(work, { recursive: true, force: true });
  await rm(siteCacheDir(repo, docdriftOut), { recursive: true, force: true });
}
