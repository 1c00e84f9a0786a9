/**
 * Bugs the fuzz properties found, each pinned by its shrunk counterexample so it stays
 * fixed whatever the seed of later runs.
 */
import { describe, expect, it } from 'vitest';
import { parseKubernetes } from '../../src/parse/kubernetes.ts';
import { parseMarkdown } from '../../src/parse/markdown.ts';
import { extractSynapseConfigs } from '../../src/parse/synapse.ts';
import { expectPositionsInside } from './positions.ts';

const options = { defaultNamespace: 'default' };

describe('fuzz regressions', () => {
  it('reports YAML errors after a multi-line plain scalar on their own line (the yaml LineCounter loses those line breaks)', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\n    host: synapse-main\nzz\nworker_app: x\n';
    const parsed = parseKubernetes('cm.yaml', text, options);
    expectPositionsInside(parsed, text, 'cm.yaml', 'lf');
    expect(parsed.problems.map((p) => [p.source.line, p.source.column])).toEqual([[3, 5]]);
  });

  it('maps Synapse YAML errors in a heredoc after such a scalar to the right manifest line', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: w',
      'spec:',
      '  containers:',
      '    - name: synapse',
      '      command:',
      '        - |',
      '          cat > /conf/worker.yaml <<EOF',
      '              host: synapse-main',
      '          𐀀',
      '          worker_app: synapse.app.generic_worker',
      '          EOF',
      '',
    ].join('\n');
    const k8s = parseKubernetes('pod.yaml', text, options);
    const synapse = extractSynapseConfigs(k8s);
    expectPositionsInside(synapse, text, 'pod.yaml', 'lf');
    expect(synapse.problems.map((p) => [p.source.line, p.source.column])).toEqual([[11, 15]]);
  });

  it('keeps the Source of a heredoc body that starts with a blank line on that line', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: w',
      'spec:',
      '  containers:',
      '    - name: synapse',
      '      command:',
      '        - |',
      '          cat > /conf/worker.yaml <<EOF',
      '',
      '          worker_app: synapse.app.generic_worker',
      '          EOF',
      '',
    ].join('\n');
    const synapse = extractSynapseConfigs(parseKubernetes('pod.yaml', text, options));
    expectPositionsInside(synapse, text, 'pod.yaml', 'lf');
    expect(synapse.configs[0]?.source).toEqual({ file: 'pod.yaml', line: 11, column: 1, endLine: 12, endColumn: 49 });
  });

  it('refuses self-referential frontmatter, which no consumer could print', () => {
    const doc = parseMarkdown('doc.md', '---\nx: &a [*a]\n---\n');
    expect(doc.frontmatter).toBeUndefined();
    expect(doc.problems.map((p) => p.message)).toEqual(['frontmatter is not valid YAML: an alias refers to the node that contains it']);
    expect(() => JSON.stringify(doc)).not.toThrow();
  });

  it('places the text of a code span that starts with a CRLF on the next line, as with LF', () => {
    const lf = '````bad`\n  A[sync] --> B[haproxy]\n`x` y';
    const crlf = lf.replace(/\n/g, '\r\n');
    const lines = (text: string) => parseMarkdown('doc.md', text).blocks.flatMap((block) => (block.kind === 'text' ? block.lines : []));
    expect(lines(crlf)).toEqual(lines(lf));
    expect(lines(lf)[1]).toEqual({ line: 2, column: 1, text: '  A[sync] --> B[haproxy]' });
  });
});
