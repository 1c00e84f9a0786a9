import { locateInLine, sectionAt, type Block, type Cell, type MarkdownDocument, type TextLine } from '../parse/markdown.ts';
import { parseKubernetes } from '../parse/kubernetes.ts';
import { readHelmCommand, type HelmCommand } from '../runtime/releases.ts';
import type { Claim, ClaimSubject, DiagramClaim, WorkerMention } from './claims.ts';
import type { Source } from './types.ts';
import type { Vocabulary } from './vocabulary.ts';

export interface ClaimContext {
  vocabulary: Vocabulary;
  /** Names of the Services the manifests define, to recognise subjects such as "synapse-main". */
  serviceNames: ReadonlySet<string>;
  /** HAProxy backend names, so a route may name its target backend. */
  backendNames: ReadonlySet<string>;
  clusterDomain: string;
}

/** Lines that speak of what could be, not what is: a precise checker does not hold them to the deployment. */
const HEDGED =
  /\b(would|could|might|may|if you|if needed|when needed|for example|such as|later|future|not (yet )?deployed|no longer|instead of|consider|optional(ly)?|eventually|planned|unlike|rather than|without|hypothetical|suppose|imagine)\b|\be\.g\./i;
const NEGATED = /\b(no|not|never|don't|doesn't|isn't|aren't|none of)\b/i;

const WORKER_WORD = /^(workers?|writers?)$/i;
/** Components other than Synapse processes that docs name beside them, with their own ports and replicas. */
const OTHER_COMPONENTS = /\b(haproxy|ingress(?:-nginx)?|nginx|redis|postgres(?:ql)?|load balancer|mas)\b/gi;
/** Kind names distinctive enough to count without the word "worker" beside them. */
// Stream names (typing, to-device, receipts …) are left out: prose names streams far more often than workers.
const STANDALONE = /^(synchrotrons?|event[ -]persisters?|federation[ -]senders?|event[-_]creators?|media[-_]repo(sitory)?|federation[-_](inbound|reader)|client[-_]reader|user[-_]dir|initial[-_]synchrotron|main process)$/i;
/** How every STANDALONE name starts: most words of prose start none, and are passed over at once. */
const STANDALONE_START = /^(synchrotron|event|federation|media|client|user|initial|main)/i;

const BOX_DRAWING = /[─│┌┐└┘├┤┬┴┼═║╔╗╚╝▶►▼◀]/;
const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'console', 'zsh', 'shell-session']);

/** Extracts every claim a document makes, each with its source and scope. */
export function extractClaims(doc: MarkdownDocument, context: ClaimContext): Claim[] {
  const claims: Claim[] = [];
  const extractor = new Extractor(doc, context, claims);
  for (const block of doc.blocks) extractor.block(block);
  for (const link of doc.links) extractor.link(link.url, link.source, link.section);
  for (const code of doc.inlineCode) extractor.inlineCode(code.value, code.source, code.section);
  return claims.sort((a, b) => a.source.line - b.source.line || a.source.column - b.source.column);
}

/** The Source of text[index, index + length) of the line being read. */
type Locate = (index: number, length: number) => Source;

interface Word {
  text: string;
  start: number;
  end: number;
}

class Extractor {
  private readonly directory: string;

  constructor(
    private readonly doc: MarkdownDocument,
    private readonly context: ClaimContext,
    private readonly claims: Claim[],
  ) {
    this.directory = doc.file.includes('/') ? doc.file.slice(0, doc.file.lastIndexOf('/')) : '';
  }

  block(block: Block): void {
    if (block.kind === 'text') {
      const asserted = assertedSentences(block.lines);
      block.lines.forEach((line, index) => this.textLine(line, asserted(index), block.section, block.role === 'heading' ? 'heading' : 'prose'));
    }
    else if (block.kind === 'table') this.table(block.header, block.rows, block.section);
    else if (block.kind === 'code') this.code(block.lang, block.value, block.firstLine, block.source, block.section);
  }

  // -- prose --------------------------------------------------------------------------------------

  /**
   * `asserted(index)`: whether the sentence a character of the line belongs to (it may run over
   * several lines) is neither hedged nor negated. A mention or a number counts only then
   * ("Event persisters are\nnot deployed"; "Sync workers listen on 8083. There are no media workers.").
   */
  private textLine(line: TextLine, asserted: (index: number) => boolean, section: number, context: 'prose' | 'heading'): void {
    // Markup removed from the line (`**`, backticks, link syntax) moves characters: locateInLine knows where each one is.
    const locate: Locate = (index, length) => locateInLine(line, index, length, this.doc.file);
    // "Services are named `<service>.<namespace>.svc…`, e.g. `my-svc.my-namespace.svc…`" names no Service of this deployment.
    this.dnsNames(line.text, locate, section, asserted);
    if (this.routeLine(line.text, locate, section)) return;
    const list = words(line.text);
    const found = this.mentions(line.text, list, locate, section, context).filter(({ index }) => asserted(index));
    const mentions = found.map(({ mention }) => mention);
    this.claims.push(...mentions);
    // "8 sync workers": a count right before a mention belongs to it, whatever else the line names.
    for (const { mention, index } of found) {
      const count = /\b(\d{1,3})\s+$/.exec(line.text.slice(0, index));
      if (!count) continue;
      const subject = { text: mention.text, kind: mention.kind, service: undefined };
      const value = Number(count[1]);
      this.claims.push({ type: 'replicas', subject, min: value, max: value, ...this.scoped(locate(count.index, index - count.index + mention.text.length), section) });
    }
    const subjects = this.subjects(line.text, list, mentions);
    if (subjects.length !== 1) return; // a line about several things does not say which has the number
    const subject = subjects[0]!;
    const owned = this.ownedBySubject(line.text, list, subject, found.map(({ index }) => index));
    for (const { port, index, length } of portsIn(line.text)) {
      if (asserted(index) && owned(index)) this.claims.push({ type: 'port', subject, port, ...this.scoped(locate(index, length), section) });
    }
    for (const { min, max, index, length } of replicasIn(line.text)) {
      if (asserted(index) && owned(index)) this.claims.push({ type: 'replicas', subject, min, max, ...this.scoped(locate(index, length), section) });
    }
  }

  /**
   * Whether a number at an index of the line is said of the subject: the nearest thing named before
   * it must be the subject, not another component ("Sync workers sit behind HAProxy, which listens on
   * port 8008"). A number before any name keeps the line's subject.
   */
  private ownedBySubject(text: string, list: Word[], subject: ClaimSubject, subjectStarts: number[]): (index: number) => boolean {
    const names: { start: number; own: boolean }[] = subjectStarts.map((start) => ({ start, own: true }));
    for (const word of list) {
      if (!this.context.serviceNames.has(word.text)) continue;
      const kind = this.context.vocabulary.kindOf(word.text);
      names.push({ start: word.start, own: word.text === subject.service || (kind !== undefined && kind === subject.kind) });
    }
    for (const match of text.matchAll(OTHER_COMPONENTS)) names.push({ start: match.index, own: match[0].toLowerCase() === subject.service });
    // Sorted by position, another component last among equals: the nearest name before an index decides.
    names.sort((a, b) => a.start - b.start || Number(b.own) - Number(a.own));
    return (index) => {
      let low = 0;
      let high = names.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (names[middle]!.start < index) low = middle + 1;
        else high = middle;
      }
      return low === 0 || names[low - 1]!.own;
    };
  }

  /** Distinct subjects of a line: worker kinds mentioned, else Services named. */
  private subjects(text: string, list: Word[], mentions: WorkerMention[]): ClaimSubject[] {
    const kinds = new Map<string, WorkerMention>();
    for (const mention of mentions) kinds.set(mention.kind, mention);
    if (kinds.size > 0) return [...kinds.values()].map((mention) => ({ text: mention.text, kind: mention.kind, service: undefined }));
    const services = new Set(list.map((word) => word.text).filter((word) => this.context.serviceNames.has(word)));
    if (/\bhaproxy\b/i.test(text) && this.context.serviceNames.has('haproxy')) services.add('haproxy');
    return [...services].map((service) => ({ text: service, kind: this.context.vocabulary.kindOf(service), service }));
  }

  /**
   * Worker types named in a line: a phrase ending in "worker(s)"/"writer(s)" that the vocabulary
   * knows (longest phrase first), or a distinctive kind name. A name that is a real backend or
   * Service ("media-workers") names that object, not a worker type.
   */
  private mentions(text: string, list: Word[], locate: Locate, section: number, context: WorkerMention['context']): { mention: WorkerMention; index: number }[] {
    const found: { mention: WorkerMention; index: number }[] = [];
    const workerWords = list.map((word) => WORKER_WORD.test(word.text));
    let index = 0;
    while (index < list.length) {
      const match = this.mentionAt(text, list, workerWords, index);
      if (!match) {
        index++;
        continue;
      }
      const first = list[match.from]!;
      const last = list[match.to]!;
      const written = text.slice(first.start, last.end);
      if (!this.namesRealObject(written)) {
        found.push({ mention: { type: 'worker', kind: match.kind, text: written, context, ...this.scoped(locate(first.start, last.end - first.start), section) }, index: first.start });
      }
      index = match.to + 1;
    }
    return found;
  }

  private mentionAt(text: string, list: Word[], workerWords: boolean[], from: number): { kind: string; from: number; to: number } | undefined {
    // A phrase names a kind only with "worker(s)"/"writer(s)" among its words or the next, or as a STANDALONE name.
    if (!STANDALONE_START.test(list[from]!.text) && !workerWords.slice(from, from + 5).includes(true)) return undefined;
    // A phrase does not run over punctuation: "…and Synapse. Generic workers" names generic workers, not "Synapse. Generic".
    let last = from;
    while (last + 1 < list.length && last < from + 4 && /^\s+$/.test(text.slice(list[last]!.end, list[last + 1]!.start))) last++;
    for (let to = Math.min(last, from + 3); to >= from; to--) {
      const phrase = list.slice(from, to + 1).map((word) => word.text).join(' ');
      const endsWithWorker = workerWords[to]!;
      const nextIsWorker = to + 1 <= last && workerWords[to + 1]!;
      if (!endsWithWorker && !nextIsWorker && !STANDALONE.test(phrase)) continue;
      const kind = this.context.vocabulary.kindOf(phrase);
      if (kind) return { kind, from, to: nextIsWorker ? to + 1 : to };
    }
    return undefined;
  }

  private namesRealObject(text: string): boolean {
    return this.context.backendNames.has(text) || this.context.serviceNames.has(text);
  }

  /**
   * Worker kinds a diagram line shows. Diagrams label boxes without saying "worker", so each label
   * (text between box characters, brackets, bullets, arrows and commas) counts when it starts with
   * a kind name: "Typing Writer", "Event Creators ×2 :9093", a mermaid node id "generic".
   */
  private diagramKinds(text: string, line: number, section: number): DiagramClaim['kinds'] {
    const kinds: DiagramClaim['kinds'] = [];
    for (const label of text.matchAll(/[^─│┌┐└┘├┤┬┴┼═║╔╗╚╝▶►▼◀▲◄•·*[\](){}|<>,;]+/g)) {
      const cleaned = label[0].replace(/-->|->|==>|=>|-\.|\.->|→|⟶/g, ' ');
      const list = words(cleaned);
      if (list.length === 0) continue;
      // An item of a comma list ("writes typing, to-device, account data") names streams as often as workers.
      const listItem = [text[label.index - 1], text[label.index + label[0].length]].some((next) => next === ',' || next === ';');
      // Words join across spaces only: the edge label "/_matrix/media" is no "matrix media" box.
      let last = 0;
      while (last + 1 < Math.min(list.length, 4) && /^\s+$/.test(cleaned.slice(list[last]!.end, list[last + 1]!.start))) last++;
      for (let to = last; to >= 0; to--) {
        const phrase = list.slice(0, to + 1).map((word) => word.text).join(' ');
        // One plain word ("media, room pagination") is too weak a label; "Typing Writer" or "to-device" is not.
        if (to === 0 && !/[-_]/.test(phrase)) continue;
        if (listItem && !WORKER_WORD.test(list[to]!.text) && !WORKER_WORD.test(list[to + 1]?.text ?? '') && !STANDALONE.test(phrase)) continue;
        const kind = this.context.vocabulary.kindOf(phrase);
        if (!kind || this.namesRealObject(phrase)) continue;
        const column = 1 + label.index + label[0].indexOf(list[0]!.text);
        kinds.push({ kind, text: phrase, source: { file: this.doc.file, line, column, endLine: line, endColumn: column + phrase.length } });
        break;
      }
    }
    return kinds;
  }

  /** "/_matrix/client/*\/sync, /_matrix/client/*\/events → Sync Workers": documented routes. True when the line is a route line. */
  private routeLine(text: string, locate: Locate, section: number): boolean {
    const match = /^(\s*(?:[-*+|]\s*)?)(`?\/.*?)\s*(?:→|⟶|->|=>)\s*([^→⟶|]+?)\s*(?:→|⟶|->|=>|\||$)/.exec(text);
    if (!match) return false;
    const [, lead, left, target] = match;
    const subject = this.subjectOf(target!.replace(/[`*]/g, '').trim());
    if (!subject) return true;
    // Only full paths ("/_matrix/client/*\/sync"); shorthand like "/events" says too little to check.
    for (const path of left!.matchAll(/\/[^\s`,]+/g)) {
      if (path[0].split('/').filter(Boolean).length < 2) continue;
      this.claims.push({
        type: 'route',
        path: path[0],
        samplePath: samplePathFor(path[0]),
        target: subject,
        ...this.scoped(locate(lead!.length + path.index, path[0].length), section),
      });
    }
    return true;
  }

  /** A route target or table subject: a worker kind, a backend name, or a Service name. */
  private subjectOf(text: string): ClaimSubject | undefined {
    const cleaned = text.replace(/\(.*?\)/g, '').trim();
    const kind = this.context.vocabulary.kindOf(cleaned);
    const service = this.context.serviceNames.has(cleaned) ? cleaned : undefined;
    const backend = this.context.backendNames.has(cleaned);
    if (!kind && !service && !backend) return undefined;
    return { text: cleaned, kind, service };
  }

  // -- tables -------------------------------------------------------------------------------------

  private table(header: Cell[], rows: Cell[][], section: number): void {
    const headers = header.map((cell) => cell.text.toLowerCase());
    const find = (pattern: RegExp, except: number[] = []) => headers.findIndex((text, index) => pattern.test(text) && !except.includes(index));
    const pathColumn = rows.length > 0 ? header.findIndex((_, index) => rows.every((row) => !row[index] || /^`?\//.test(row[index]!.text.trim()))) : -1;
    const subjectColumn = Math.max(find(/worker|component|service|process|pool|backend|target|type|name|handled/, [pathColumn]), pathColumn === 0 ? 1 : 0);
    const portColumn = find(/\bports?\b/);
    const replicaColumn = find(/replica|instances|count|scale/);
    for (const row of rows) {
      for (const cell of row) this.dnsNames(cell.text, this.contiguous(cell.source.line, cell.source.column), section);
      const subjectCell = row[subjectColumn];
      if (!subjectCell) continue;
      const subjectText = subjectCell.text.replace(/[*`]/g, '').trim();
      const subject = this.subjectOf(subjectText);
      if (pathColumn !== -1 && pathColumn !== subjectColumn) {
        const pathCell = row[pathColumn];
        if (pathCell && subject) {
          const path = pathCell.text.replace(/`/g, '').trim().split(/[\s,]+/)[0]!;
          this.claims.push({ type: 'route', path, samplePath: samplePathFor(path), target: subject, ...this.cellAt(pathCell, section) });
        }
        continue; // a routing table: its subjects are targets, not claims of their own
      }
      if (!subject) continue;
      if (subject.kind && !this.namesRealObject(subjectText)) {
        this.claims.push({ type: 'worker', kind: subject.kind, text: subjectText, context: 'table', ...this.cellAt(subjectCell, section) });
      }
      const portCell = row[portColumn];
      if (portColumn !== -1 && portCell) {
        for (const port of numbersIn(portCell.text)) this.claims.push({ type: 'port', subject, port, ...this.cellAt(portCell, section) });
      }
      const replicaCell = replicaColumn !== -1 ? row[replicaColumn] : row.find((cell) => /replicas?\b/i.test(cell.text));
      if (replicaCell) {
        const range = replicasIn(replicaCell.text)[0] ?? (replicaColumn !== -1 ? exactNumber(replicaCell.text) : undefined);
        if (range) this.claims.push({ type: 'replicas', subject, min: range.min, max: range.max, ...this.cellAt(replicaCell, section) });
      }
    }
  }

  // -- code blocks ---------------------------------------------------------------------------------

  private code(lang: string | undefined, value: string, firstLine: number, source: Source, section: number): void {
    const lines = value.split('\n');
    const isShell = (lang !== undefined && SHELL_LANGS.has(lang.toLowerCase())) || (!lang && lines.some((text) => /^\s*(\$\s+)?(kubectl|helm)\s/.test(text)));
    lines.forEach((text, index) => this.dnsNames(text, this.contiguous(firstLine + index, 1), section));
    if (isShell) {
      this.shell(lines, firstLine, section);
      this.appliedHeredocs(lines, firstLine, source, section);
      return;
    }
    if ((lang === 'yaml' || lang === 'yml') && /^apiVersion:/m.test(value) && /^kind:/m.test(value)) this.manifest(value, firstLine, false, source, section);
    const diagram = lang === 'mermaid' || BOX_DRAWING.test(value);
    const kinds: DiagramClaim['kinds'] = [];
    lines.forEach((text, index) => {
      if (this.routeLine(text, this.contiguous(firstLine + index, 1), section)) return;
      if (diagram) kinds.push(...this.diagramKinds(text, firstLine + index, section));
    });
    if (diagram && kinds.length > 0) this.claims.push({ type: 'diagram', kinds, ...this.scoped(source, section) });
  }

  /** kubectl steps in a shell block; backslash continuations joined. */
  private shell(lines: string[], firstLine: number, section: number): void {
    for (const { text, line } of joinContinuations(lines, firstLine)) {
      const commands = text.split(/\s*(?:&&|\|\||;|\|)\s*/);
      for (const command of commands) {
        const args = shellWords(command.replace(/^\s*\$\s+/, ''));
        const release = readHelmCommand(args);
        if (release) this.helmRelease(release, line, section);
        const kubectl = args.indexOf('kubectl');
        if (kubectl === -1) continue;
        this.kubectl(args.slice(kubectl + 1), line, section);
      }
    }
  }

  private kubectl(args: string[], line: number, section: number): void {
    const namespace = optionValue(args, ['-n', '--namespace']);
    const positionals = positionalArgs(args);
    const at = this.at(line, 1, 1, section);
    const objectKind = positionals[1] === 'secret' ? 'Secret' : positionals[1] === 'configmap' || positionals[1] === 'cm' ? 'ConfigMap' : undefined;
    if (positionals[0] === 'create' && objectKind) {
      const typed = objectKind === 'Secret' && ['generic', 'tls', 'docker-registry'].includes(positionals[2] ?? '');
      const name = positionals[typed ? 3 : 2];
      if (name) this.claims.push({ type: 'creates', objectKind, name, namespace, ...at });
    }
    if (positionals[0] === 'apply' || positionals[0] === 'create' || positionals[0] === 'replace') {
      for (const path of optionValues(args, ['-f', '--filename', '-k', '--kustomize'])) {
        if (path === '-' || /^[a-z]+:\/\//i.test(path)) continue;
        this.claims.push({ type: 'applies', text: path, candidates: this.upward(normalizePath(path)), ...at });
      }
    }
    for (const word of positionals) {
      const match = /^(?:svc|service|services)\/([a-z0-9-]+)$/.exec(word);
      if (match) {
        this.claims.push({ type: 'service', text: word, service: match[1]!, namespace, pod: undefined, port: undefined, srv: undefined, ...at });
      }
    }
  }

  /** A Helm release the docs install; its values files are read like `kubectl apply -f` paths. */
  private helmRelease(command: HelmCommand, line: number, section: number): void {
    // A values file from stdin or a URL is not in the repository: no readings, so the release's values are not fully known.
    const valuesFiles = command.valuesFiles.map((path) => ({
      text: path,
      candidates: path === '-' || /^[a-z]+:\/\//i.test(path) ? [] : this.upward(normalizePath(path)),
    }));
    this.claims.push({ type: 'helm-release', ...command, valuesFiles, ...this.at(line, 1, 1, section) });
  }

  /** A fenced manifest's objects, at their lines in the doc (the block is parsed as if it started there). */
  private manifest(value: string, firstLine: number, applied: boolean, source: Source, section: number): void {
    const parsed = parseKubernetes(this.doc.file, '\n'.repeat(firstLine - 1) + value, { defaultNamespace: '' });
    const { services, configObjects, workloads, customResources } = parsed;
    if (services.length + configObjects.length + workloads.length + customResources.length === 0) return;
    this.claims.push({ type: 'manifest', applied, services, configObjects, workloads, customResources, ...this.scoped(source, section) });
  }

  /** Manifests a shell block applies from a heredoc: `kubectl apply -f - <<EOF` … `EOF`. */
  private appliedHeredocs(lines: string[], firstLine: number, source: Source, section: number): void {
    for (let index = 0; index < lines.length; index++) {
      // `kubectl apply -f - <<EOF` and `cat <<EOF | kubectl apply -f -`
      const start = /<<-?\s*(['"]?)(\w+)\1/.exec(lines[index]!);
      if (!start || !/\bkubectl\s+(?:apply|create)\b.*\s-f\s*-(?:\s|$)/.test(lines[index]!)) continue;
      const end = lines.findIndex((line, at) => at > index && line.trim() === start[2]);
      const body = lines.slice(index + 1, end === -1 ? lines.length : end);
      this.manifest(body.join('\n'), firstLine + index + 1, true, source, section);
      index = end === -1 ? lines.length : end;
    }
  }

  // -- names and paths ---------------------------------------------------------------------------

  /** Cluster DNS names (`svc.ns.svc.cluster.local[:port]`, SRV names, pod names) in any text. */
  private dnsNames(text: string, locate: Locate, section: number, asserted: (index: number) => boolean = () => true): void {
    if (!/svc/i.test(text)) return; // every cluster name has it: most lines are passed over at once
    const pattern = /(?<![\w.-])(_([a-z0-9-]+)\._([a-z]+)\.)?((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.){1,3})svc((?:\.[a-z0-9-]+)*)(?:\.(?!\s|$))?(?::(\d{1,5}))?(?![\w-])/gi;
    for (const match of text.matchAll(pattern)) {
      if (!asserted(match.index)) continue;
      const [whole, , portName, protocol, labels, domain, port] = match;
      const names = labels!.slice(0, -1).split('.');
      if (names.length < 2) continue; // "svc.svc" or "service.svc": no namespace, not a cluster name
      const domainName = domain!.replace(/^\./, '');
      if (domainName && domainName.toLowerCase() !== this.context.clusterDomain.toLowerCase()) continue;
      const [pod, service, namespace] = names.length === 3 ? names : [undefined, names[0]!, names[1]!];
      this.claims.push({
        type: 'service',
        text: whole,
        service: service!.toLowerCase(),
        namespace: namespace!.toLowerCase(),
        pod: pod?.toLowerCase(),
        port: port ? Number(port) : undefined,
        srv: portName ? { portName: portName.toLowerCase(), protocol: protocol!.toLowerCase() } : undefined,
        ...this.scoped(locate(match.index, whole.length), section),
      });
    }
  }

  link(url: string, source: Source, section: number): void {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return;
    const [rawPath, anchor] = splitAnchor(url);
    const path = rawPath === '' ? this.doc.file : joinPath(this.directory, decodeURIComponentSafe(rawPath));
    if (path === undefined) return;
    this.claims.push({ type: 'file', kind: 'link', text: url, candidates: [path], anchor, ...this.scoped(source, section) });
  }

  inlineCode(value: string, source: Source, section: number): void {
    const text = value.trim();
    if (!/^(\.{1,2}\/)?[\w.-]+(\/[\w.-]+)+\/?$/.test(text) || text.startsWith('/')) return;
    const last = text.replace(/\/$/, '').split('/').pop()!;
    if (!/\.(ya?ml|cfg|md|json|conf|sh|txt|toml|ts|js)$/i.test(last) && !text.endsWith('/')) return;
    const candidates = this.upward(normalizePath(text.replace(/\/$/, '')));
    this.claims.push({ type: 'file', kind: 'inline-code', text, candidates, anchor: undefined, ...this.scoped(source, section) });
  }

  /** A relative path read from the doc's folder, then from each folder above it up to the root. */
  private upward(relative: string): string[] {
    const candidates = new Set<string>();
    let directory: string | undefined = this.directory;
    while (directory !== undefined) {
      const joined = joinPath(directory, relative);
      if (joined !== undefined) candidates.add(joined);
      directory = directory === '' ? undefined : directory.includes('/') ? directory.slice(0, directory.lastIndexOf('/')) : '';
    }
    return [...candidates];
  }

  // -- positions ----------------------------------------------------------------------------------

  /** Positions in text written as is from a column on: code lines, table cells. */
  private contiguous(line: number, column: number): Locate {
    return (index, length) => ({ file: this.doc.file, line, column: column + index, endLine: line, endColumn: column + index + length });
  }

  private at(line: number, column: number, length: number, section: number) {
    const source: Source = { file: this.doc.file, line, column, endLine: line, endColumn: column + length };
    return this.scoped(source, section);
  }

  private cellAt(cell: Cell, section: number) {
    return this.scoped(cell.source, section);
  }

  private scoped(source: Source, section: number) {
    const entry = this.doc.sections[sectionAt(this.doc, source.line)] ?? this.doc.sections[section];
    return { source, scope: entry?.scope ?? 'current', section: entry?.path ?? [] };
  }
}

// -- text helpers ----------------------------------------------------------------------------------

/**
 * Sentences of a text block, which may run over several lines, each judged once: for a line, a
 * function from a character index to whether its sentence is neither hedged nor negated. A sentence
 * ends at . ! or ? before a space, except after an abbreviation ("e.g. media workers" is one sentence).
 */
function assertedSentences(lines: TextLine[]): (line: number) => (index: number) => boolean {
  const starts: number[] = [];
  let joined = '';
  for (const line of lines) {
    starts.push(joined.length);
    joined += `${line.text} `;
  }
  const ends = [...joined.matchAll(/(?<!\b(?:e\.g|i\.e|etc|vs|cf))[.!?](?=\s|$)/gi)].map((match) => match.index + 1);
  const verdicts: (boolean | undefined)[] = [];
  return (line) => (index) => {
    const offset = starts[line]! + index;
    let low = 0;
    let high = ends.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (ends[middle]! <= offset) low = middle + 1;
      else high = middle;
    }
    let verdict = verdicts[low];
    if (verdict === undefined) {
      const sentence = joined.slice(low > 0 ? ends[low - 1]! : 0, low < ends.length ? ends[low]! : joined.length);
      verdict = !HEDGED.test(sentence) && !NEGATED.test(sentence);
      verdicts[low] = verdict;
    }
    return verdict;
  };
}

function words(text: string): Word[] {
  return [...text.matchAll(/[A-Za-z][\w.-]*[\w]|[A-Za-z]/g)].map((match) => ({ text: match[0], start: match.index, end: match.index + match[0].length }));
}

/** Port numbers stated in prose: "port 8083", "on 8083", "(8083)", "ports 8008 and 9093". */
function portsIn(text: string): { port: number; index: number; length: number }[] {
  const ports: { port: number; index: number; length: number }[] = [];
  for (const match of text.matchAll(/\bports?\s*:?\s*((?:\d{2,5}(?:\s*(?:,|and|\/|or)\s*)?)+)|\b(?:listens?|listening|serves?|exposes?)\s+(?:\w+\s+){0,3}?on\s+(?:port\s+)?(\d{2,5})\b/gi)) {
    const list = match[1] ?? match[2]!;
    const offset = match.index + match[0].indexOf(list);
    for (const number of list.matchAll(/\d{2,5}/g)) {
      const port = Number(number[0]);
      if (port > 0 && port <= 65535) ports.push({ port, index: offset + number.index, length: number[0].length });
    }
  }
  return ports;
}

/** "2-8 replicas", "(2–18 replicas)", "3 replicas". */
function replicasIn(text: string): { min: number; max: number; index: number; length: number }[] {
  const found: { min: number; max: number; index: number; length: number }[] = [];
  for (const match of text.matchAll(/\b(\d{1,4})\s*(?:-|–|—|to)\s*(\d{1,4})\s+(?:replicas?|pods?|instances?)\b|\b(\d{1,4})\s+(?:replicas?|pods?|instances?)\b/gi)) {
    const min = Number(match[1] ?? match[3]);
    const max = Number(match[2] ?? match[3]);
    found.push({ min, max, index: match.index, length: match[0].length });
  }
  return found;
}

function numbersIn(text: string): number[] {
  return [...text.matchAll(/\b\d{2,5}\b/g)].map((match) => Number(match[0])).filter((port) => port > 0 && port <= 65535);
}

function exactNumber(text: string): { min: number; max: number } | undefined {
  const match = /^\s*(\d{1,4})\s*$/.exec(text.replace(/[*`]/g, ''));
  return match ? { min: Number(match[1]), max: Number(match[1]) } : undefined;
}

/** A concrete path for a documented pattern: versions for API wildcards, a placeholder elsewhere. */
export function samplePathFor(pattern: string): string {
  return pattern
    .replace(/\(.*?\)/g, '')
    .replace(/^(\/_matrix\/(?:client|media))\/\*(?=\/|$)/, '$1/v3')
    .replace(/^(\/_matrix\/federation)\/\*(?=\/|$)/, '$1/v1')
    .replace(/\{[^}]*\}|<[^>]*>|:[a-zA-Z]\w*|\*+/g, 'x')
    .trim();
}

function joinContinuations(lines: string[], firstLine: number): { text: string; line: number }[] {
  const joined: { text: string; line: number }[] = [];
  let current: { text: string; line: number } | undefined;
  lines.forEach((text, index) => {
    const continued = /\\\s*$/.test(text);
    const body = text.replace(/\\\s*$/, ' ');
    if (current) current.text += body;
    else current = { text: body, line: firstLine + index };
    if (!continued) {
      joined.push(current);
      current = undefined;
    }
  });
  if (current) joined.push(current);
  return joined;
}

/** Shell words with quotes removed; enough for kubectl lines (no expansions). */
function shellWords(command: string): string[] {
  const result: string[] = [];
  for (const match of command.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) {
    if (match[3]?.startsWith('#')) break;
    result.push(match[1] ?? match[2] ?? match[3]!);
  }
  return result;
}

const OPTIONS_WITH_VALUE = new Set(['-n', '--namespace', '-f', '--filename', '-k', '--kustomize', '-o', '--output', '-l', '--selector', '--context', '--from-file', '--from-literal', '--type', '-c', '--container']);

function optionValues(args: string[], names: string[]): string[] {
  const values: string[] = [];
  args.forEach((arg, index) => {
    for (const name of names) {
      if (arg === name && args[index + 1] !== undefined) values.push(args[index + 1]!);
      else if (arg.startsWith(`${name}=`)) values.push(arg.slice(name.length + 1));
    }
  });
  return values;
}

function optionValue(args: string[], names: string[]): string | undefined {
  return optionValues(args, names)[0];
}

function positionalArgs(args: string[]): string[] {
  const positionals: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg.startsWith('-')) {
      if (OPTIONS_WITH_VALUE.has(arg)) index++;
      continue;
    }
    positionals.push(arg);
  }
  return positionals;
}

function splitAnchor(url: string): [string, string | undefined] {
  const clean = url.split('?')[0]!;
  const hash = clean.indexOf('#');
  return hash === -1 ? [clean, undefined] : [clean.slice(0, hash), clean.slice(hash + 1) || undefined];
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function normalizePath(path: string): string {
  return path.replace(/^\.\//, '').replace(/\/+$/, '');
}

/** Joins a root-relative directory and a relative path; undefined when it climbs out of the root. */
export function joinPath(directory: string, relative: string): string | undefined {
  const parts = directory === '' ? [] : directory.split('/');
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}
