import { describe, expect, it } from 'vitest';
import { parseShell } from '../parse/shell.ts';
import { isUnconditionalExit, listItemSubject, readScriptStatement } from './script-deploys.ts';

const items = (text: string, aboutScript = false) => readScriptStatement(text, aboutScript)?.items.map((item) => item.text);

describe('readScriptStatement', () => {
  it('reads what a sentence says a script deploys, each name at its place', () => {
    const statement = readScriptStatement('Run ./deploy-all.sh, which deploys the main process, the workers and HAProxy.', false);
    expect(statement).toMatchObject({ script: './deploy-all.sh', index: 4, length: 15, opensList: false });
    expect(statement?.items).toEqual([
      { text: 'main process', index: 39 },
      { text: 'workers', index: 57 },
      { text: 'HAProxy', index: 69 },
    ]);
    expect(items('up.sh applies synapse-main, the federation sender & redis to the matrix namespace; then waits.')).toEqual(['synapse-main', 'federation sender', 'redis']);
    expect(items('scripts/up.sh will also install both web as well as the api (v2) into the cluster')).toEqual(['web', 'api']);
    expect(items('The deploy-all.sh script deploys web; it takes a minute.')).toEqual(['web']);
    expect(items('deploy-all.sh: deploys web and redis')).toEqual(['web', 'redis']);
  });

  it('reads "It deploys …" only in a section about a script, and a trailing "deploys:" as a list to come', () => {
    expect(items('It deploys the workers.', false)).toBeUndefined();
    expect(items('It deploys the workers.', true)).toEqual(['workers']);
    expect(readScriptStatement('deploy-all.sh deploys the following:', false)).toMatchObject({ items: [], opensList: true });
    expect(readScriptStatement('Deploys:', true)).toMatchObject({ script: undefined, items: [], opensList: true });
  });

  it('reads no claim where the verb belongs to another step, or no script is named', () => {
    // "then apply" is the reader's next step, not what the script does.
    expect(readScriptStatement('Run deploy-all.sh and wait. Apply the HPA afterwards.', false)).toBeUndefined();
    expect(readScriptStatement('Run deploy-all.sh, and later apply the HPA.', false)).toBeUndefined();
    expect(readScriptStatement('After `deploy-all.sh`, apply the HPA.'.replace(/`/g, ''), false)).toBeUndefined();
    expect(readScriptStatement('Run deploy-all.sh first, then apply the HPA.', false)).toBeUndefined();
    expect(readScriptStatement('Once deploy-all.sh finishes, install the HPA.', false)).toBeUndefined();
    // Under the script's heading, an imperative tells the reader what to do.
    expect(readScriptStatement('Install HAProxy with Helm.', true)).toBeUndefined();
    expect(readScriptStatement('See https://example.com/deploy.sh which deploys the workers.', false)).toBeUndefined();
    expect(readScriptStatement('The workers deploy in a minute.', false)).toBeUndefined();
  });
});

describe('listItemSubject', () => {
  it('keeps the words before an explanation', () => {
    expect(listItemSubject('HAProxy (the load balancer)')).toEqual({ text: 'HAProxy', index: 0 });
    expect(listItemSubject('the haproxy — the load balancer')).toEqual({ text: 'haproxy', index: 4 });
    expect(listItemSubject('sync workers: 4 replicas')).toEqual({ text: 'sync workers', index: 0 });
    expect(listItemSubject('…')).toEqual({ text: '…', index: 0 });
    expect(listItemSubject('  ')).toBeUndefined();
  });
});

describe('isUnconditionalExit', () => {
  const exits = (script: string): number[] => {
    const commands = parseShell(script).commands;
    return commands.flatMap((command, index) => (isUnconditionalExit(command, commands[index - 1]) ? [command.line] : []));
  };

  it('counts a top-level exit, not one behind && or ||, in a pipeline, an if, a loop or a function', () => {
    const script = [
      'kubectl get ns x || exit 1',
      '[ -n "$A" ] && exit 0',
      'if [ -z "$B" ]; then exit 2; fi',
      'for f in a; do exit 3; done',
      'stop() { exit 4; }',
      'exit 5 | cat',
      'set -e',
      'exit 0',
    ].join('\n');
    expect(exits(script)).toEqual([8]);
  });
});
