import { describe, expect, it } from 'vitest';
import { parseShell } from '../parse/shell.ts';
import { announcesSavedFile, isPlaceholder, isRemote, MadeFiles } from './procedure-files.ts';

function made(script: string): MadeFiles {
  const files = new MadeFiles();
  for (const command of parseShell(script, { firstLine: 10 }).commands) files.command(command);
  return files;
}

describe('MadeFiles', () => {
  it('knows what commands write, from their line on', () => {
    const files = made(
      [
        'kubectl get secret x -o yaml > "$DIR/x.yaml"',
        'helm template . | tee -a out.yaml',
        'cp a.yaml backup/',
        'curl -fsSLO https://host/p/netplug.yaml?raw=1',
        'curl -o cni.yaml https://host/cni',
        'wget -O wg.yaml https://host/x',
        'git clone git@host:org/addons.git',
        'helm pull repo/redis --version 1.2.3',
        'tar -xzf bundle-1.4.tgz',
        'kubectl get pods -o yaml',
      ].join('\n'),
    );
    for (const path of ['x.yaml', '$DIR/x.yaml', 'out.yaml', 'backup/a.yaml', 'netplug.yaml', 'cni.yaml', 'wg.yaml', 'addons/k8s/', 'redis-1.2.3.tgz', 'redis/values.yaml', 'bundle/crds.yaml']) {
      expect(files.covers(path, 30), path).toBe(true);
    }
    expect(files.covers('x.yaml', 9)).toBe(false); // before the step
    expect(files.covers('yaml', 30)).toBe(false); // `-o yaml` is kubectl's output format
    expect(files.covers('k8s/app.yaml', 30)).toBe(false);
  });

  it('reads "save as `x`:" lines, but not "edit `x`:"', () => {
    expect(announcesSavedFile('Save the following as conf/gw.toml:')).toBe(true);
    expect(announcesSavedFile('Create a file named values.yaml with this content:')).toBe(true);
    expect(announcesSavedFile('Edit values.yaml and create a section:')).toBe(false);
    expect(announcesSavedFile('Save it as values.yaml.')).toBe(false);
  });
});

describe('paths that are no repository files', () => {
  it('placeholders', () => {
    for (const path of ['backup-YYYYMMDD.yaml', 'dump-HHMMSS.sql', 'snap-TIMESTAMP.yaml', '<your-file>', 'k8s/{name}.yaml', '${X}.yaml', '$(date +%F).yaml', 'XXXX.yaml', 'my-values.yaml', 'path/to/app.yaml', 'k8s/*.yaml']) {
      expect(isPlaceholder(path), path).toBe(true);
    }
    for (const path of ['README.md', 'k8s/app.yaml', 'CHANGELOG.md', 'values-prod.yaml', 'dummy.yaml']) expect(isPlaceholder(path), path).toBe(false);
  });

  it('remote targets', () => {
    for (const path of ['https://host/x.yaml', 'git@github.com:org/repo.git', 'github.com/org/repo//dir?ref=v1', 'host.tld/org/repo//dir']) expect(isRemote(path), path).toBe(true);
    for (const path of ['k8s/app.yaml', '.github/workflows/ci.yaml', 'v1.2/app.yaml']) expect(isRemote(path), path).toBe(false);
  });
});
