import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The checked folder's path below the root of the git repository it is in (POSIX, no trailing
 * slash): '' when it is the repository root, when it is in no repository, or when git is missing.
 * Asked once per check, so that the pure stages can read `/x` links as GitHub does.
 */
export async function repositoryPrefix(root: string): Promise<string> {
  try {
    const { stdout } = await run('git', ['rev-parse', '--show-prefix'], { cwd: root, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
    return stdout.trim().replace(/\/+$/, '');
  } catch {
    return '';
  }
}
