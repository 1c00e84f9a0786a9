/**
 * Unreadable files and folders, simulated: these tests run as root, where chmod 000 does
 * not stop a read (hostile.test.ts runs the real chmod case when not root). Here the file
 * system answers EACCES for every entry whose name starts with "unreadable", the way it
 * does for a non-root user on a chmod 000 file or folder.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { brief, checkUnchanged, cliUnchanged, dangling, removeScratchRoots, scratchRoot, SERVICE } from './support.ts';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const denied = (target: unknown): boolean => /(?:^|[\\/])unreadable[^\\/]*[\\/]?$/.test(String(target));
  const refuse = (syscall: string, target: unknown) =>
    Object.assign(new Error(`EACCES: permission denied, ${syscall} '${String(target)}'`), { code: 'EACCES', errno: -13, syscall, path: String(target) });
  const guard =
    <A extends unknown[], R>(syscall: string, fn: (target: never, ...rest: A) => Promise<R>) =>
    async (target: unknown, ...rest: A): Promise<R> => {
      if (denied(target)) throw refuse(syscall, target);
      return fn(target as never, ...rest);
    };
  const open = guard('open', actual.open);
  const readFile = guard('open', actual.readFile);
  const readdir = guard('scandir', actual.readdir);
  return { ...actual, open, readFile, readdir, default: { ...actual, open, readFile, readdir } };
});

afterAll(removeScratchRoots);

describe('unreadable files (simulated EACCES)', { timeout: 60_000 }, () => {
  it('skips an unreadable file and folder with a finding each, and checks the rest', async () => {
    const root = await scratchRoot({
      'unreadable.yaml': SERVICE,
      'unreadable.md': '# Docs\n',
      'unreadable-dir/service.yaml': SERVICE,
      'open.yaml': SERVICE,
    });
    const result = await checkUnchanged(root);
    expect(result.findings.map(brief)).toEqual([
      dangling('open.yaml'),
      'skipped-file unreadable-dir:1:1 folder not readable (EACCES)',
      'skipped-file unreadable.md:1:1 file not readable (EACCES)',
      'skipped-file unreadable.yaml:1:1 file not readable (EACCES)',
    ]);
    expect(result.files.map((file) => file.path)).toEqual(['open.yaml']);
  });

  it('exits 0 when the only findings are skipped files', async () => {
    const root = await scratchRoot({ 'unreadable.yaml': SERVICE });
    const run = await cliUnchanged(root);
    expect(run.code).toBe(0);
    expect(run.findings.map(brief)).toEqual(['skipped-file unreadable.yaml:1:1 file not readable (EACCES)']);
  });

  it('stops with exit 2 when the root itself cannot be read', async () => {
    const root = await scratchRoot();
    const { mkdir } = await import('node:fs/promises');
    await mkdir(`${root}/unreadable-root`);
    const run = await cliUnchanged(`${root}/unreadable-root`);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`docdrift: cannot read root ${root}/unreadable-root: EACCES\n`);
  });
});
