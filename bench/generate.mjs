#!/usr/bin/env node
// Writes a synthetic deployment corpus: `factor` copies of the embedded default (docs, manifests,
// haproxy.cfg), each in its own folder, namespace and DNS domain (independent deployments, so that
// no finding comes from copies colliding with each other), plus `extraBackends` generated HAProxy
// backends per copy. Usage: node bench/generate.mjs OUT_DIR FACTOR [EXTRA_BACKENDS]
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['docs', 'deployment/manifests', 'deployment/config'];

/** The embedded default as a list of {path, text}, read once. */
async function embeddedDefault() {
  const files = [];
  for (const dir of SOURCES) {
    for (const name of (await readdir(path.join(REPO, dir))).sort()) {
      files.push({ path: `${dir}/${name}`, text: await readFile(path.join(REPO, dir, name), 'utf8') });
    }
  }
  return files;
}

/** Extra backends with their ACLs and routes, so configs grow with K (each pointing at the copy's generic workers). */
function extraBackends(count, namespace) {
  const acls = [];
  const routes = [];
  const backends = [];
  for (let index = 0; index < count; index++) {
    acls.push(`    acl is_extra_${index} path_beg /_extra/${index}/`);
    routes.push(`    use_backend extra-${index} if is_extra_${index}`);
    backends.push(
      `backend extra-${index}`,
      '    balance roundrobin',
      `    server-template extra${index} 8 _http._tcp.synapse-generic-worker.${namespace}.svc.cluster.local resolvers kubedns init-addr none check`,
      '',
    );
  }
  return { acls, routes, backends };
}

export async function generate(outDir, factor, extra = 0) {
  await rm(outDir, { recursive: true, force: true });
  const files = await embeddedDefault();
  let bytes = 0;
  let count = 0;
  for (let copy = 0; copy < factor; copy++) {
    const namespace = copy === 0 ? 'matrix' : `matrix${copy}`;
    const domain = copy === 0 ? 'example.com' : `site${copy}.example.com`;
    for (const file of files) {
      // Rename the namespace and the public host names everywhere they are written, so copies do not collide
      // (two copies' Ingresses claiming one host are a real conflict).
      let text = file.text
        .replace(/\bnamespace: matrix\b/g, `namespace: ${namespace}`)
        .replace(/\.matrix\.svc\b/g, `.${namespace}.svc`)
        .replace(/-n matrix\b/g, `-n ${namespace}`)
        .replace(/^(kind: Namespace\nmetadata:\n {2}name: )matrix$/gm, `$1${namespace}`)
        .replace(/\bexample\.com\b/g, domain);
      if (file.path.endsWith('haproxy.cfg') && extra > 0) {
        const { acls, routes, backends } = extraBackends(extra, namespace);
        text = text.replace(/^(\s*default_backend .*)$/m, `${acls.join('\n')}\n${routes.join('\n')}\n$1`) + `\n${backends.join('\n')}`;
      }
      const target = path.join(outDir, `site-${String(copy).padStart(4, '0')}`, file.path);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, text);
      bytes += Buffer.byteLength(text);
      count++;
    }
  }
  await writeFile(path.join(outDir, 'docdrift.config.yaml'), 'namespace: matrix\n');
  return { files: count, bytes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [outDir, factor = '1', extra = '0'] = process.argv.slice(2);
  if (!outDir) {
    console.error('usage: node bench/generate.mjs OUT_DIR FACTOR [EXTRA_BACKENDS]');
    process.exit(2);
  }
  const { files, bytes } = await generate(outDir, Number(factor), Number(extra));
  console.log(`wrote ${files} files, ${(bytes / 1e6).toFixed(1)} MB to ${outDir}`);
}
