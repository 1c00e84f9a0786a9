import { describe, expect, it } from 'vitest';
import { readHelmCommand } from './releases.ts';

const words = (command: string) => command.split(/\s+/);

describe('readHelmCommand', () => {
  it('reads helm upgrade --install with namespace, values files and --set', () => {
    expect(
      readHelmCommand(words('helm upgrade --install obs prometheus-community/kube-prometheus-stack -n telemetry --create-namespace -f values/kps.yaml --values=extra.yaml,more.yaml --set grafana.enabled=false,replicas=3 --set-string tag=1.10')),
    ).toEqual({
      release: 'obs',
      chart: 'prometheus-community/kube-prometheus-stack',
      repo: undefined,
      namespace: 'telemetry',
      valuesFiles: ['values/kps.yaml', 'extra.yaml', 'more.yaml'],
      set: [['grafana.enabled', false], ['replicas', 3], ['tag', '1.10']],
      createNamespace: true,
    });
  });

  it('reads global options before the subcommand, --repo and --namespace=', () => {
    const command = readHelmCommand(words('sudo helm --kube-context prod install cache redis --repo https://charts.bitnami.com/bitnami --namespace=data --set auth.existingSecret=x,list={a,b}'));
    expect(command).toMatchObject({ release: 'cache', chart: 'redis', repo: 'https://charts.bitnami.com/bitnami', namespace: 'data' });
    expect(command?.set).toEqual([['auth.existingSecret', 'x'], ['list', ['a', 'b']]]);
  });

  it('reads nothing else: upgrade without --install, other commands, names from the shell', () => {
    expect(readHelmCommand(words('helm upgrade obs prometheus-community/kube-prometheus-stack'))).toBeUndefined();
    expect(readHelmCommand(words('helm repo add bitnami https://charts.bitnami.com/bitnami'))).toBeUndefined();
    expect(readHelmCommand(words('helm template obs chart/'))).toBeUndefined();
    expect(readHelmCommand(words('helm install bitnami/redis --generate-name'))).toBeUndefined();
    expect(readHelmCommand(words('helm install $RELEASE bitnami/redis'))).toBeUndefined();
    expect(readHelmCommand(words('kubectl apply -f helm/'))).toBeUndefined();
  });
});
