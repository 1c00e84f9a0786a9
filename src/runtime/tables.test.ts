import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chartTable, loadTables, operatorTable, readTables, tablesSnapshot } from './tables.ts';

describe('runtime-objects tables', () => {
  it('every bundled table is valid and says which source version it describes', () => {
    const tables = loadTables();
    expect(tables.operators.map((table) => table.file)).toContain('data/operators/cloudnative-pg.yaml');
    expect(tables.charts.map((table) => table.chart)).toEqual(['cert-manager', 'ingress-nginx', 'kube-prometheus-stack', 'postgresql', 'redis']);
    for (const table of [...tables.operators, ...tables.charts]) {
      expect(table.version, table.file).toMatch(/^\d+\.\d+/);
      expect(table.source, table.file).toMatch(/^https:\/\//);
    }
  });

  it('refuses a broken table with its file and the first problem', () => {
    const base = mkdtempSync(path.join(tmpdir(), 'docdrift-tables-'));
    mkdirSync(path.join(base, 'charts'));
    writeFileSync(path.join(base, 'charts', 'broken.yaml'), 'chart: x\nsource: https://example.com\nversion: 1.0.0\nrepositories: [https://example.com]\nservices:\n  - name: "{fullname"\n');
    expect(() => readTables('charts', chartTable, pathToFileURL(`${base}/`))).toThrow(/^data\/charts\/broken\.yaml: services\.0\.name: /);
    mkdirSync(path.join(base, 'operators'));
    writeFileSync(path.join(base, 'operators', 'typo.yaml'), 'operator: x\nsource: https://example.com\nversion: 1\nresources:\n  - { group: a.io, kind: A, service: [] }\n');
    expect(() => readTables('operators', operatorTable, pathToFileURL(`${base}/`))).toThrow(/^data\/operators\/typo\.yaml: resources\.0/);
  });

  it('snapshots for the build exactly what is read from the YAML, with the files it comes from', () => {
    const snapshot = JSON.parse(tablesSnapshot()) as { fingerprint: string; tables: unknown };
    expect(snapshot.tables).toEqual(JSON.parse(JSON.stringify(loadTables())));
    expect(snapshot.fingerprint.split('\n')).toHaveLength(loadTables().operators.length + loadTables().charts.length);
    expect(snapshot.fingerprint).toMatch(/^operators\/argo-cd\.yaml:\d+:[\d.]+$/m);
  });
});
