import { haproxyFileName, type HaproxyMount } from '../../model/lookup.ts';
import type { Container, HaproxyConfig, Located } from '../../model/types.ts';
import { defineRule } from '../define-rule.ts';

/** Keywords whose argument at that index is a file HAProxy reads at start-up. */
const FILE_KEYWORDS: Record<string, number> = {
  errorfile: 1,
  'lua-load': 0,
  'lua-load-per-thread': 0,
  'ssl-dh-param-file': 0,
  'h1-case-adjust-file': 0,
};
/** Options (on bind, server, default-server … lines) whose next word is a file. */
const FILE_OPTIONS = new Set(['crt', 'ca-file', 'crl-file', 'crt-list', 'ca-verify-file', 'ca-sign-file', 'file', 'lf-file', '-f']);
/** map(), map_str(), map_beg() … converters name their file as first argument. */
const MAP_CONVERTER = /\bmap(?:_[a-z]+)*\(([^,)]+)/g;

/**
 * A ConfigMap or Secret mounted at a directory replaces it: every file the config names under that
 * directory must be in the volume, or the process does not start.
 */
export default defineRule({
  id: 'k8s/mount-hides-files',
  severity: 'error',
  impact: 'critical',
  title: 'A config volume mounted over a directory hides needed files',
  consequence:
    'The mount replaces the whole directory, so files the image or another step put there are gone: HAProxy refuses to start (`unable to load error file`, `unable to load SSL certificate`) and the pods crash-loop.',
  docs: [
    'A ConfigMap or Secret volume mounted at `mountPath: /usr/local/etc/haproxy` (without `subPath`) shows only its own keys there: whatever the image shipped in that directory (the official image keeps its error pages in `/usr/local/etc/haproxy/errors/`) is hidden. The HAProxy config the volume carries is read for every file it loads at start-up: `errorfile`, `crt`, `crt-list`, `ca-file`, `crl-file`, `lua-load`, `ssl-dh-param-file`, `-f` pattern files, `map()` converter files and `http-request return … file`. A file under the mounted directory must be a key of the ConfigMap (or a `path` of its `items`). The workload is the one that mounts the config: a volume whose ConfigMap carries a key named like the file, a mount whose path the command names (`-f /usr/local/etc/haproxy/haproxy.cfg`), or the haproxy image\'s own config directory.',
    'What counts: a file in a subdirectory of the mount (a ConfigMap key cannot contain `/`, so only `items` with such a `path` can put it there); a file the ConfigMap of the manifests does not carry. One finding per mount, at its `mountPath`, with every file it hides related. The fix is to mount only the config file (`mountPath: …/haproxy.cfg` with `subPath: haproxy.cfg`), which leaves the directory as the image made it, or to add the files to the volume.',
    'What does not: `subPath` mounts (one file, the directory stays); files under a deeper mount of the same container (`/usr/local/etc/haproxy/errors` mounted from another volume); a flat file name when the ConfigMap is made outside the manifests (`kubectl create configmap --from-file=…` may carry it); relative paths (they depend on `crt-base`, `ca-base` and the working directory); paths HAProxy creates (`stats socket`, `pidfile`) and URL paths in ACLs.',
  ].join('\n\n'),
  description: 'A ConfigMap or Secret mounted over a directory lacks files that the HAProxy config inside it loads from that directory.',
  fix: 'Mount only the config file (`subPath: haproxy.cfg`, `mountPath: DIRECTORY/haproxy.cfg`), or add the files to the ConfigMap (items with `path: errors/503.http`).',
  check({ model, lookup, report }) {
    for (const config of model.haproxy) {
      if (lookup.haproxyMounts(config).length === 0) continue;
      const needed = filesNeeded(config);
      if (needed.length === 0) continue;
      // Every ConfigMap or Secret directory mount of each container that runs the config.
      const containers = new Set<Container>();
      for (const { workload, container } of lookup.haproxyMounts(config)) {
        if (containers.has(container)) continue;
        containers.add(container);
        for (const mount of container.volumeMounts) {
          const refs = workload.configRefs.filter((ref) => (ref.via === 'volume' || ref.via === 'projected') && ref.volume === mount.name);
          if (mount.subPath !== undefined || refs.length === 0) continue;
          const { hidden, carried } = filesUnder({ workload, container, mount, refs }, needed, (kind, namespace, name) => lookup.configObject(kind, namespace, name, workload)?.data);
          if (hidden.length === 0) continue;
          const directory = mount.mountPath.value.replace(/\/+$/, '');
          const ref = refs[0]!;
          // Mounting only the config file would drop the files the volume carries for it (errors/503.http by items): then only adding helps.
          const carriesConfig = carried.length === 0 && lookup.haproxyMounts(config).some((entry) => entry.mount === mount);
          const configFile = haproxyFileName(config);
          const configName = config.embedded ? `${config.embedded.key} of ConfigMap ${config.embedded.configMap}` : config.file;
          const shown = hidden.slice(0, 3).map((file) => file.value).join(', ') + (hidden.length > 3 ? ` and ${hidden.length - 3} more` : '');
          const addFiles = `add the ${hidden.length === 1 ? 'file' : 'files'} to the ${ref.kind} (items with \`path: ${hidden[0]!.value.slice(directory.length + 1)}\`)`;
          report({
            at: mount.mountPath.source,
            message:
              `${ref.kind} ${ref.name} is mounted over ${directory} in ${workload.kind} ${workload.name} (container ${container.name}), which hides the rest of that directory: ${configName} loads ${shown}, which the ${ref.kind} does not carry, so HAProxy does not start. ` +
              (carriesConfig ? `Mount only the config file (\`mountPath: ${directory}/${configFile}\` with \`subPath: ${configFile}\`), or ${addFiles}` : `${addFiles[0]!.toUpperCase()}${addFiles.slice(1)}, or point the config at where the files are`),
            related: [
              ...hidden.map((file) => ({ at: file.source, message: `${configName} loads ${file.value}` })),
              { at: ref.source, message: `${ref.kind} ${ref.name} volume` },
            ],
          });
        }
      }
    }
  },
});

/** Absolute paths of the files a config loads at start-up, in file order. */
function filesNeeded(config: HaproxyConfig): Located<string>[] {
  const files: Located<string>[] = [];
  for (const section of config.sections) {
    for (const line of section.lines) {
      const index = FILE_KEYWORDS[line.keyword];
      if (index !== undefined && line.args[index]) files.push(line.args[index]);
      line.args.forEach((arg, position) => {
        const previous = line.args[position - 1]?.value;
        if (previous !== undefined && FILE_OPTIONS.has(previous) && position > 0) files.push(arg);
        if (arg.value.includes('map')) for (const match of arg.value.matchAll(MAP_CONVERTER)) files.push({ value: match[1]!.trim(), source: arg.source });
      });
    }
  }
  return files.filter((file) => file.value.startsWith('/'));
}

/** The needed files under the mount that its volume does not carry and no deeper mount provides (hidden), and those it carries or may carry. */
function filesUnder(
  { container, mount, refs }: HaproxyMount,
  needed: Located<string>[],
  dataOf: (kind: 'ConfigMap' | 'Secret', namespace: string, name: string) => Record<string, unknown> | undefined,
): { hidden: Located<string>[]; carried: Located<string>[] } {
  const directory = mount.mountPath.value.replace(/\/+$/, '');
  const deeper = container.volumeMounts.filter((other) => other !== mount && other.mountPath.value.startsWith(`${directory}/`));
  // What the volume shows: the item paths, the keys of a ConfigMap the manifests define, or unknown.
  let known = true;
  const carried = new Set<string>();
  for (const ref of refs) {
    if (ref.key !== undefined) carried.add(ref.path ?? ref.key);
    else {
      const data = dataOf(ref.kind, ref.namespace, ref.name);
      if (data) for (const name of Object.keys(data)) carried.add(name);
      else known = false;
    }
  }
  const hidden: Located<string>[] = [];
  const carriedNeeded: Located<string>[] = [];
  const seen = new Set<string>();
  for (const file of needed) {
    if (!file.value.startsWith(`${directory}/`) || seen.has(file.value)) continue;
    if (deeper.some((other) => file.value.startsWith(`${other.mountPath.value.replace(/\/+$/, '')}/`) || file.value === other.mountPath.value)) continue;
    const relative = file.value.slice(directory.length + 1);
    if (relative === '' || relative.endsWith('/')) continue; // a directory (crt DIR/): the volume's own files
    if (carried.has(relative)) {
      carriedNeeded.push(file);
      continue;
    }
    // A key cannot hold a '/': a file in a subdirectory is missing even when the keys are not known; a flat one may be carried.
    if (!known && !relative.includes('/')) {
      carriedNeeded.push(file);
      continue;
    }
    seen.add(file.value);
    hidden.push(file);
  }
  return { hidden, carried: carriedNeeded };
}
