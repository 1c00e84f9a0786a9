import type { SiteContext } from './context.ts';
import { portsText, scalingText, type WorkloadFacts } from './facts.ts';
import { code, esc, link } from './html.ts';

/** Fact rows (name, HTML value) of a workload, for its page. */
export function architectureFacts(ctx: SiteContext, entry: WorkloadFacts): [string, string][] {
  const { workload } = entry;
  const src = (file: string, line: number, text: string) => {
    const href = ctx.routes.sourceHref(file, line);
    return href ? link(href, text) : code(text);
  };
  const images = [...new Set(workload.containers.map((container) => container.image).filter((image): image is string => Boolean(image)))];
  const listeners = ctx.lookup.synapseListenersFor(workload);
  const rows: [string, string][] = [
    ['Scaling', esc(scalingText(entry))],
    ['Ports', esc(portsText(workload).join(', ') || 'none')],
    ['Images', images.map(code).join(', ') || '—'],
    ['Services', entry.services.map((service) => src(service.source.file, service.source.line, `${service.name}${service.headless ? ' (headless)' : ''}`)).join(', ') || 'none'],
    [
      'HAProxy backends',
      entry.backends.map((backend) => `${src(backend.backend.source.file, backend.backend.source.line, backend.backend.name)}${backend.backup ? ' (backup)' : ''}`).join(', ') || 'none',
    ],
  ];
  if (entry.autoscaler) rows.push(['Autoscaler', src(entry.autoscaler.source.file, entry.autoscaler.source.line, entry.autoscaler.name)]);
  if (listeners.length > 0) {
    rows.push([
      'Synapse listeners',
      listeners.map((listener) => src(listener.source.file, listener.source.line, `${listener.port.value} [${listener.resources.map((resource) => resource.value).join(', ')}]`)).join(', '),
    ]);
  }
  if (entry.streams.length > 0) rows.push(['Writes streams', entry.streams.map(code).join(', ')]);
  if (entry.federationSender) rows.push(['Federation sender', 'yes (federation_sender_instances)']);
  const configs = [...new Set(workload.configRefs.map((ref) => `${ref.kind} ${ref.name}`))];
  if (configs.length > 0) rows.push(['Config', configs.map(code).join(', ')]);
  return rows;
}
