/**
 * Hostile inputs, one test each: every one is built at test time in a scratch folder
 * under the OS temp dir, checked end to end (`check()`, or the CLI where the exit code
 * matters), and must give exactly the findings listed, without crashing, hanging
 * (vitest's per-test timeout is the guard: no timing is asserted here; timing goals live
 * in bench/) or writing anything into the checked folder.
 *
 * Decisions this corpus pins down:
 *  - Invalid UTF-8 is decoded as U+FFFD (what editors and kubectl show) and the file is
 *    checked as usual, with no finding of its own; a manifest that is mostly such junk (or has
 *    a NUL past the first 8 KiB that discovery looks at) is skipped with a skipped-file finding.
 *  - Files over maxFileSize (default 5 MiB) are skipped by their size alone, never read.
 *  - Symbolic links, FIFOs, sockets and devices are never opened: each matching one is a
 *    skipped-file finding. Links out of the root and link loops are therefore harmless.
 *    A .gitignore is read only when it is a regular file (like git, a link is not followed);
 *    a config file that is not a regular file is a usage error (exit 2), never waited on.
 *  - YAML nested deeper than 256 levels (manifest, embedded Synapse config, frontmatter) is
 *    refused with one finding, so the outcome never depends on how much stack is left.
 */
import { execFileSync } from 'node:child_process';
import { chmod, symlink, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/load.ts';
import { runCli } from '../cli/run-cli.ts';
import { brief, checkUnchanged, cliUnchanged, dangling, removeScratchRoots, scratchRoot, SERVICE, snapshot } from './support.ts';

afterAll(removeScratchRoots);

const MiB = 1024 * 1024;
/** A hang guard, not a timing goal: generous enough for a busy 2-core machine. */
const HANG_GUARD = { timeout: 60_000 };

/** nine levels of nine aliases: 9^9 (387 million) "lol"s once expanded. */
function billionLaughs(indent: string, firstKey = 'a0'): string[] {
  const lines = [`${indent}${firstKey}: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]`];
  for (let i = 1; i <= 9; i++) lines.push(`${indent}a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
  return lines;
}

describe('hostile YAML', HANG_GUARD, () => {
  it('reads a billion-laughs alias bomb in a manifest without expanding it', async () => {
    const root = await scratchRoot({
      'bomb.yaml': ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: lol', '  namespace: demo', 'data:', ...billionLaughs('  ')].join('\n'),
      // A workload whose containers are the bomb: read through the alias, never expanded.
      'workload.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: lol',
        '  namespace: demo',
        'x:',
        ...billionLaughs('  '),
        'spec:',
        '  template:',
        '    spec:',
        '      containers: *a9',
        '      volumes: *a9',
        '',
      ].join('\n'),
    });
    const result = await checkUnchanged(root);
    expect(result.findings.map(brief)).toEqual([]);
    expect(result.model.configObjects.map((c) => `${c.kind} ${c.name}`)).toEqual(['ConfigMap lol']);
    expect(result.model.workloads.map((w) => [w.name, w.containers.length])).toEqual([['lol', 9]]);
  });

  it('reads an alias bomb in an embedded Synapse config and in Markdown frontmatter without expanding it', async () => {
    const root = await scratchRoot({
      'synapse.yaml': [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: synapse',
        '  namespace: demo',
        'data:',
        '  homeserver.yaml: |',
        '    server_name: example.org',
        '    worker_app: synapse.app.generic_worker',
        ...billionLaughs('    '),
        '    redis: *a9',
        '    public_baseurl: *a9',
        '',
      ].join('\n'),
      'README.md': ['---', ...billionLaughs(''), '---', '', '# Guide', ''].join('\n'),
    });
    const result = await checkUnchanged(root);
    expect(result.findings.map(brief)).toEqual([
      'parse-error README.md:1:1 frontmatter could not be read: Excessive alias count indicates a resource exhaustion attack',
    ]);
    const [config] = result.model.synapse;
    expect(config?.workerApp?.value).toBe('synapse.app.generic_worker');
    // Too many aliases to build a plain value: left out rather than expanded.
    expect(config?.settings['redis']?.value).toBeUndefined();
  });

  it('refuses YAML nested deeper than 256 levels in any form, the same on every run', async () => {
    const indented = (levels: number) => Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}- `).join('\n');
    const root = await scratchRoot({
      'flow.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: ${'['.repeat(100_000)}\n`,
      // Deep enough that the parser may or may not run out of stack, depending on the caller.
      'flow-900.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: ${'['.repeat(900)}${']'.repeat(900)}\n`,
      'block.yaml': `apiVersion: v1\nkind: List\nitems:\n${indented(1000)}x\n`,
      'compact.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a:\n    ${'- '.repeat(5000)}x\n`,
      'fine.yaml': `apiVersion: v1\nkind: List\nitems:\n${indented(250)}x\n`,
      'synapse.yaml': [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: synapse',
        'data:',
        '  homeserver.yaml: |',
        '    worker_app: synapse.app.generic_worker',
        `    x: ${'['.repeat(300)}${']'.repeat(300)}`,
        '',
      ].join('\n'),
      'README.md': `---\nx: ${'['.repeat(300)}${']'.repeat(300)}\n---\n`,
    });
    const nested = 'Skipped: YAML nested more than 256 levels deep; this is not a manifest.';
    const expected = [
      'parse-error README.md:1:1 frontmatter is nested more than 256 levels deep and was not read',
      `skipped-file block.yaml:1:1 ${nested}`,
      `skipped-file compact.yaml:1:1 ${nested}`,
      `skipped-file flow-900.yaml:1:1 ${nested}`,
      'skipped-file flow.yaml:1:1 Skipped: brackets nested more than 1000 levels deep; this is not a manifest.',
      'parse-error synapse.yaml:6:20 Synapse configuration in ConfigMap synapse key homeserver.yaml is nested more than 256 levels deep and was not read',
    ];
    expect((await checkUnchanged(root)).findings.map(brief)).toEqual(expected);
    // From the CLI too, with a different stack under it.
    expect((await cliUnchanged(root)).findings.map(brief)).toEqual(expected);
  });

  it('reports a duplicate key at the duplicate, and caps 20,000 of them at 50 findings', async () => {
    const many = Array.from({ length: 20_000 }, () => '  same: 1');
    const root = await scratchRoot({
      'dup.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: demo\n  name: web2\nspec:\n  ports:\n    - port: 80\n',
      'many.yaml': ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: many', 'data:', ...many, ''].join('\n'),
    });
    const result = await checkUnchanged(root);
    const findings = result.findings.map(brief);
    expect(findings.filter((f) => f.includes('dup.yaml'))).toEqual([
      'parse-error dup.yaml:6:3 YAML duplicate key: name is already defined in this mapping (the last value is used here; kubectl rejects it).',
    ]);
    const manyFindings = findings.filter((f) => f.includes('many.yaml'));
    expect(manyFindings).toHaveLength(51);
    expect(manyFindings[0]).toBe('parse-error many.yaml:1:1 19949 more problems in this file not shown.');
    expect(manyFindings[1]).toBe('parse-error many.yaml:7:3 YAML duplicate key: same is already defined in this mapping (the last value is used here; kubectl rejects it).');
    expect(manyFindings[50]).toMatch(/^parse-error many\.yaml:56:3 /);
  });

  it('reports tabs used as indentation at the tab, and exits 1', async () => {
    const root = await scratchRoot({ 'tabs.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n\tname: web\n' });
    const run = await cliUnchanged(root);
    expect(run.code).toBe(1);
    expect(run.findings.map(brief)).toEqual(['parse-error tabs.yaml:4:1 YAML syntax error: Tabs are not allowed as indentation']);
  });
});

describe('encodings and line endings', HANG_GUARD, () => {
  const files = {
    'manifests/service.yaml': SERVICE,
    'config/haproxy.cfg': 'frontend http-in\n    bind :8008\n    use_backend missing\n',
    'README.md': '# Guide\n\nApply [the manifests](manifests/missing.yaml).\n\n```sh\nkubectl apply -f manifests/gone.yaml\n```\n',
  };
  const expected = [
    'docs/missing-file README.md:3:7 Docs reference manifests/missing.yaml, which does not exist (looked for manifests/missing.yaml)',
    'docs/missing-file README.md:6:18 Docs apply manifests/gone.yaml, which does not exist (looked for manifests/gone.yaml)',
    "haproxy/undefined-backend config/haproxy.cfg:3:17 Backend 'missing' used by frontend http-in is not defined, expected one of: none",
    dangling('manifests/service.yaml'),
  ];
  const variant = (transform: (text: string) => string) => Object.fromEntries(Object.entries(files).map(([file, text]) => [file, transform(text)]));

  it.each([
    ['LF', (text: string) => text],
    ['CRLF', (text: string) => text.replace(/\n/g, '\r\n')],
    ['a BOM', (text: string) => `\ufeff${text}`],
    ['a BOM and CRLF', (text: string) => `\ufeff${text.replace(/\n/g, '\r\n')}`],
  ])('gives the same findings at the same positions with %s', async (_name, transform) => {
    const result = await checkUnchanged(await scratchRoot(variant(transform)));
    expect(result.findings.map(brief)).toEqual(expected);
    const lf = await checkUnchanged(await scratchRoot(files));
    expect(result.findings).toEqual(lf.findings);
  });

  it('decodes invalid UTF-8 as U+FFFD and checks the file as usual', async () => {
    const bad = Buffer.from([0xff, 0xfe, 0xc3]);
    const root = await scratchRoot({
      'service.yaml': Buffer.concat([Buffer.from('apiVersion: v1\nkind: Service\nmetadata:\n  name: w'), bad, Buffer.from('b\n  namespace: demo\nspec:\n  selector:\n    app: web\n')]),
      'README.md': Buffer.concat([Buffer.from('# Title '), bad, Buffer.from('\n\nSee [x](gone'), bad, Buffer.from('.md).\n')]),
      'haproxy.cfg': Buffer.concat([Buffer.from('frontend f'), bad, Buffer.from('\n    use_backend b'), bad, Buffer.from('\n')]),
    });
    const result = await checkUnchanged(root);
    expect(result.findings.map(brief)).toEqual([
      'docs/missing-file README.md:3:5 Docs reference gone\ufffd\ufffd\ufffd.md, which does not exist (looked for gone\ufffd\ufffd\ufffd.md)',
      "parse-error haproxy.cfg:1:10 character '\ufffd' is not permitted in frontend name 'f\ufffd\ufffd\ufffd': only letters, digits, '-', '_', '.' and ':' are allowed",
      "haproxy/undefined-backend haproxy.cfg:2:17 Backend 'b\ufffd\ufffd\ufffd' used by frontend f\ufffd\ufffd\ufffd is not defined, expected one of: none",
      'k8s/dangling-service service.yaml:4:9 Service demo/w\ufffd\ufffd\ufffdb selects no pods: no workload in namespace demo has labels app=web',
    ]);
  });

  it('skips a manifest that is mostly invalid UTF-8, or has a NUL past the first 8 KiB', async () => {
    const root = await scratchRoot({
      'junk.yaml': Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\n'), Buffer.alloc(200, 0xff)]),
      'late-nul.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n# ${'x'.repeat(9000)}\0\n`,
      'late-nul.md': `# Title\n\n${'x'.repeat(9000)}\0 and [x](gone.md)\n`,
    });
    const result = await checkUnchanged(root);
    const skipped = 'Skipped: the file contains control characters or invalid UTF-8 and does not look like YAML text.';
    expect(result.findings.map(brief)).toEqual([
      `skipped-file junk.yaml:1:1 ${skipped}`,
      'docs/missing-file late-nul.md:3:9007 Docs reference gone.md, which does not exist (looked for gone.md)',
      `skipped-file late-nul.yaml:1:1 ${skipped}`,
    ]);
  });
});

describe('files that are not read', HANG_GUARD, () => {
  it('has a 5 MiB default maxFileSize', () => {
    expect(defaultConfig().maxFileSize).toBe(5 * MiB);
  });

  it('skips a 6 MB manifest and 50 MB files of every kind by their size, and exits 0', async () => {
    const root = await scratchRoot({ 'big.yaml': `# ${'x'.repeat(6 * MiB - 3)}\n` });
    for (const name of ['huge.yaml', 'huge.md', 'haproxy.cfg']) {
      await writeFile(path.join(root, name), '');
      await truncate(path.join(root, name), 50 * MiB); // sparse: costs no disk, and is never read
    }
    const run = await cliUnchanged(root);
    expect(run.code).toBe(0);
    expect(run.findings.map(brief)).toEqual([
      'skipped-file big.yaml:1:1 file is 6291456 bytes, over the 5242880-byte limit (maxFileSize)',
      'skipped-file haproxy.cfg:1:1 file is 52428800 bytes, over the 5242880-byte limit (maxFileSize)',
      'skipped-file huge.md:1:1 file is 52428800 bytes, over the 5242880-byte limit (maxFileSize)',
      'skipped-file huge.yaml:1:1 file is 52428800 bytes, over the 5242880-byte limit (maxFileSize)',
    ]);
  });

  it('honours maxFileSize from docdrift.config.yaml', async () => {
    const root = await scratchRoot({ 'docdrift.config.yaml': 'maxFileSize: 1000\n', 'small.yaml': SERVICE, 'large.md': `# Big\n\n${'word '.repeat(300)}\n` });
    const result = await checkUnchanged(root);
    expect(result.findings.map(brief)).toEqual(['skipped-file large.md:1:1 file is 1508 bytes, over the 1000-byte limit (maxFileSize)', dangling('small.yaml')]);
  });

  it('skips binary files', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const root = await scratchRoot({
      'diagram.md': png,
      'blob.yaml': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
      'haproxy.cfg': Buffer.concat([Buffer.from('global\n'), Buffer.from([0])]),
    });
    const result = await checkUnchanged(root);
    expect(result.findings.map(brief)).toEqual([
      'skipped-file blob.yaml:1:1 binary file (contains NUL bytes)',
      'skipped-file diagram.md:1:1 binary file (contains NUL bytes)',
      'skipped-file haproxy.cfg:1:1 binary file (contains NUL bytes)',
    ]);
  });

  it('follows no symbolic link: not a loop, not one out of the root, not one to a file', async () => {
    const root = await scratchRoot({ 'a/service.yaml': SERVICE });
    await symlink(path.join(root, 'a'), path.join(root, 'a', 'loop'));
    await symlink('.', path.join(root, 'a', 'self'));
    await symlink('/etc', path.join(root, 'outside'));
    await symlink('/etc/passwd', path.join(root, 'passwd.md'));
    await symlink('a/service.yaml', path.join(root, 'link.yaml'));
    await symlink('nowhere.yaml', path.join(root, 'dangling.yaml'));
    const run = await cliUnchanged(root);
    expect(run.code).toBe(1);
    expect(run.findings.map(brief)).toEqual([
      dangling('a/service.yaml'),
      'skipped-file dangling.yaml:1:1 symbolic link not followed',
      'skipped-file link.yaml:1:1 symbolic link not followed',
      'skipped-file passwd.md:1:1 symbolic link not followed',
    ]);
  });

  it('skips FIFOs without opening them (reading one would block forever)', async () => {
    const root = await scratchRoot({ 'service.yaml': SERVICE });
    for (const name of ['x.yaml', 'notes.md', 'haproxy.cfg']) execFileSync('mkfifo', [path.join(root, name)]);
    const result = await checkUnchanged(root);
    expect(result.findings.map(brief)).toEqual([
      'skipped-file haproxy.cfg:1:1 not a regular file (FIFO)',
      'skipped-file notes.md:1:1 not a regular file (FIFO)',
      dangling('service.yaml'),
      'skipped-file x.yaml:1:1 not a regular file (FIFO)',
    ]);
  });

  it('does not block on a FIFO named .gitignore, nor follow a symbolic link named .gitignore (as git does not)', async () => {
    const other = SERVICE.replace('namespace: demo', 'namespace: other');
    const root = await scratchRoot({ 'service.yaml': SERVICE, 'sub/service.yaml': other, 'elsewhere/ignore-all': '*\n' });
    execFileSync('mkfifo', [path.join(root, '.gitignore')]);
    await symlink('../elsewhere/ignore-all', path.join(root, 'sub', '.gitignore'));
    const result = await checkUnchanged(root);
    expect(result.findings.map(brief)).toEqual([
      dangling('service.yaml'),
      'k8s/dangling-service sub/service.yaml:4:9 Service other/web selects no pods: no workload in namespace other has labels app=web',
    ]);
  });

  it('stops with exit 2 on a config file that is a FIFO or a folder, without blocking', async () => {
    const fifo = await scratchRoot({ 'service.yaml': SERVICE });
    execFileSync('mkfifo', [path.join(fifo, 'docdrift.config.yaml')]);
    const run = await cliUnchanged(fifo);
    expect([run.code, run.stderr]).toEqual([2, `docdrift: cannot read config ${path.join(fifo, 'docdrift.config.yaml')}: not a regular file\n`]);
    const folder = await scratchRoot({ 'docdrift.config.yaml/x': '' });
    const second = await cliUnchanged(folder);
    expect([second.code, second.stderr]).toEqual([2, `docdrift: cannot read config ${path.join(folder, 'docdrift.config.yaml')}: EISDIR\n`]);
  });

  it('walks into folders named like files (x.yaml/, haproxy.cfg/, README.md/)', async () => {
    const root = await scratchRoot({ 'x.yaml/service.yaml': SERVICE, 'haproxy.cfg/.keep': '', 'README.md/notes.txt': 'x' });
    const result = await checkUnchanged(root);
    expect(result.findings.map(brief)).toEqual([dangling('x.yaml/service.yaml')]);
    expect(result.files.map((file) => file.path)).toEqual(['x.yaml/service.yaml']);
  });

  it('reports nothing for empty, BOM-only and blank files of every kind', async () => {
    const root = await scratchRoot({
      'empty.md': '',
      'empty.yaml': '',
      'haproxy.cfg': '',
      'bom.md': '\ufeff',
      'bom.yaml': '\ufeff',
      'bom.haproxy.cfg': '\ufeff',
      'blank.md': '\n \n\t\n',
      'blank.yaml': '  \n\n',
      'blank.haproxy.cfg': '\r\n\r\n   \n',
    });
    const run = await cliUnchanged(root);
    expect(run.code).toBe(0);
    expect(run.findings).toEqual([]);
    expect((await checkUnchanged(root)).files).toHaveLength(9);
  });

  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    console.warn(
      '[hostile] running as root: chmod 000 does not stop root from reading, so the real unreadable-file test is skipped here; test/hostile/unreadable.test.ts simulates EACCES instead.',
    );
  }
  it.skipIf(isRoot)('skips unreadable files and folders (chmod 000)', async () => {
    const root = await scratchRoot({ 'locked.yaml': SERVICE, 'private/service.yaml': SERVICE, 'open.yaml': SERVICE });
    await chmod(path.join(root, 'locked.yaml'), 0o000);
    await chmod(path.join(root, 'private'), 0o000);
    try {
      const result = await checkUnchanged(root);
      expect(result.findings.map(brief)).toEqual([
        'skipped-file locked.yaml:1:1 file not readable (EACCES)',
        dangling('open.yaml'),
        'skipped-file private:1:1 folder not readable (EACCES)',
      ]);
    } finally {
      await chmod(path.join(root, 'private'), 0o755);
    }
  });
});

describe('huge and deep Markdown', HANG_GUARD, () => {
  it('reads 5,000-deep blockquotes and lists as plain text, with one finding each', async () => {
    const root = await scratchRoot({
      'quote.md': `${'> '.repeat(5000)}synchrotron workers listen on 8083\n`,
      'list.md': `${'- '.repeat(5000)}item\n`,
      'mixed.md': `${'> - '.repeat(2500)}item\n`,
      'many.md': `# Deep\n\n${Array.from({ length: 5000 }, () => `${'>'.repeat(70)} line`).join('\n')}\n`,
    });
    const result = await checkUnchanged(root);
    expect(result.findings.map(brief)).toEqual([
      'skipped-file list.md:1:1 1 line nests blockquotes or lists more than 64 levels deep and is read as plain text',
      'skipped-file many.md:3:1 5000 lines nest blockquotes or lists more than 64 levels deep and are read as plain text',
      'skipped-file mixed.md:1:1 1 line nests blockquotes or lists more than 64 levels deep and is read as plain text',
      'skipped-file quote.md:1:1 1 line nests blockquotes or lists more than 64 levels deep and is read as plain text',
    ]);
  });

  it('reads piles of emphasis markers and brackets without slowing to a crawl', async () => {
    const root = await scratchRoot({
      'brackets.md': `# Links\n\n${'[!['.repeat(20_000)}x\n`,
      'emphasis.md': `${'*'.repeat(50_000)}x${'*'.repeat(50_000)}\n\n${'_a '.repeat(30_000)}\n`,
    });
    const result = await checkUnchanged(root);
    expect(result.findings.map(brief)).toEqual([
      'skipped-file brackets.md:3:1 1 paragraph with too many emphasis markers or brackets to parse in reasonable time is read without emphasis and links',
      'skipped-file emphasis.md:3:1 1 paragraph with too many emphasis markers or brackets to parse in reasonable time is read without emphasis and links',
    ]);
  });

  it(
    'reads a 10,000-row table, every finding at its row',
    async () => {
      const rows = Array.from({ length: 10_000 }, (_, i) => (i % 1000 === 999 ? `| [spec](missing-${i}.md) | 8083 | 2 |` : `| synchrotron | ${8000 + (i % 100)} | ${i % 9} |`));
      const root = await scratchRoot({ 'workers.md': ['# Workers', '', '| Worker | Port | Replicas |', '|---|---|---|', ...rows, ''].join('\n') });
      const result = await checkUnchanged(root);
      expect(result.findings.map(brief)).toEqual(
        Array.from({ length: 10 }, (_, k) => {
          const i = k * 1000 + 999;
          return `docs/missing-file workers.md:${i + 5}:3 Docs reference missing-${i}.md, which does not exist (looked for missing-${i}.md)`;
        }),
      );
    },
    180_000,
  );
});

describe('huge haproxy.cfg', HANG_GUARD, () => {
  it('reads a 1 MB line and a line of 100,000 words', async () => {
    const root = await scratchRoot({
      'haproxy.cfg': [
        'frontend http-in',
        '    bind :8008',
        `    acl big path_beg ${'/x'.repeat(500_000)}`,
        `    http-request set-header X-Many ${'a '.repeat(100_000)}`,
        '    use_backend nowhere if big',
        '',
      ].join('\n'),
    });
    const result = await checkUnchanged(root);
    expect(result.findings.map(brief)).toEqual([
      'parse-error haproxy.cfg:4:158 too many words: HAProxy keeps at most 64 words per line and rejects this one',
      "haproxy/undefined-backend haproxy.cfg:5:17 Backend 'nowhere' used by frontend http-in is not defined, expected one of: none",
    ]);
  });

  it(
    'reads 100,000 lines, the finding on the last one in place',
    async () => {
      const acls = Array.from({ length: 100_000 }, (_, i) => `    acl a${i} path_beg /p${i}`);
      const root = await scratchRoot({ 'haproxy.cfg': ['frontend http-in', '    bind :8008', ...acls, '    use_backend nowhere if a99999', ''].join('\n') });
      const result = await checkUnchanged(root);
      expect(result.findings.map(brief)).toEqual([
        "haproxy/undefined-backend haproxy.cfg:100003:17 Backend 'nowhere' used by frontend http-in is not defined, expected one of: none",
      ]);
    },
    180_000,
  );
});

describe('the checked folder', HANG_GUARD, () => {
  it('is left exactly as it was by every check format and by report', async () => {
    const root = await scratchRoot({
      'broken.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n\tname: web\n',
      'service.yaml': SERVICE,
      'deep.md': `${'> '.repeat(500)}x\n`,
      'binary.md': Buffer.from([0x00, 0xff]),
      'haproxy.cfg': 'frontend f\n    use_backend b\n',
      '.gitignore': 'ignored/\n',
      'ignored/x.yaml': SERVICE,
    });
    execFileSync('mkfifo', [path.join(root, 'fifo.yaml')]);
    await symlink('/etc', path.join(root, 'etc'));
    await symlink('service.yaml', path.join(root, 'link.yaml'));
    await writeFile(path.join(root, 'big.md'), '');
    await truncate(path.join(root, 'big.md'), 6 * MiB);
    const before = await snapshot(root);
    for (const format of ['stylish', 'json', 'sarif', 'junit', 'github']) {
      const run = await runCli(['check', root, '--format', format]);
      expect(run.code, `check --format ${format}`).toBe(1);
      expect(run.stdout).not.toBe('');
    }
    for (const format of ['markdown', 'html']) {
      const run = await runCli(['report', root, '--format', format]);
      expect(run.code, `report --format ${format}`).toBe(0);
    }
    expect(await snapshot(root)).toEqual(before);
  });
});
