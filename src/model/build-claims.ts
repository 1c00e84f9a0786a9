import { locateInLine, sectionAt, type Block, type Cell, type InlineCode, type MarkdownDocument, type TextLine } from '../parse/markdown.ts';
import { parseKubernetes } from '../parse/kubernetes.ts';
import { readHelmCommand, type HelmCommand } from '../runtime/releases.ts';
import { addToGroup } from './group.ts';
import type { Claim, ClaimOf, ClaimSubject, DiagramClaim, WorkerMention } from './claims.ts';
import { argv, parseShell, type ShellCommand, type ShellWord } from '../parse/shell.ts';
import { isUnconditionalExit, listItemSubject, readScriptStatement, scriptNamed } from './script-deploys.ts';
import { drawsTree, readTree } from './directory-tree.ts';
import { announcesSavedFile, isPlaceholder, isRemote, MadeFiles } from './procedure-files.ts';
import type { Source } from './types.ts';
import type { Vocabulary } from './vocabulary.ts';

export interface ClaimContext {
  vocabulary: Vocabulary;
  /** Names of the Services the manifests define, to recognise subjects such as "synapse-main". */
  serviceNames: ReadonlySet<string>;
  /** HAProxy backend names, so a route may name its target backend. */
  backendNames: ReadonlySet<string>;
  clusterDomain: string;
  /**
   * The checked folder's path below the git repository root ('' at the root, or without git):
   * links starting with `/` are read from the repository root, as GitHub reads them.
   */
  repositoryPrefix?: string;
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

/** A line that records a deletion or a rename: "Deleted: `k8s/old.yaml`", "Renamed `a` to `b`". */
const HISTORY_LINE = /\b(?:deleted|removed|renamed|superseded|dropped|retired|replaced by|moved (?:to|from))\b/i;
/** A shell block that scales by hand. */
const SCALE_STEP = /\bkubectl\b[^\n]*\bscale\b|--replicas[= ]\d/;
/** Sizing for other scales: user counts, tiers. */
const SIZING =
  /\b\d+(?:[.,]\d+)?\s*[kKmM]?\+?\s*(?:users|rooms|clients|requests|rps|connections|devices|accounts|tenants|messages)\b|^\s*(?:small|medium|large|x+-?large|xs|s|m|l|xl)\s*$|\b(?:tiers?|sizing|capacity planning|scale[- ]out|scaling (?:out|up)|small|medium|large)\b/i;
/** Worked arithmetic: "3 × 10 = 30 connections". */
const ARITHMETIC = /\d\s*[×x*·]\s*\d|\d\s*[=≈]\s*\d|=\s*\d/i;
/** "create a secret called x" / "create the `x` secret". */
const PROSE_CREATION =
  /\b(?:create|creating|add|provide|make)\s+(?:a|an|the)?\s*(?:kubernetes\s+|generic\s+|tls\s+|opaque\s+)?(secrets?|config\s?maps?)\s+(?:(called|named)\s+)?["'“]?([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)|\b(?:create|creating|add|provide|make)\s+(?:a|an|the)\s+["'“]?([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)["'”]?\s+(secret|config\s?map)\b/gi;

/** A label and the count drawn after it: "web (2 pods)", "Event Persisters ×2", "relay x3". */
const DIAGRAM_COUNT = /([A-Za-z][\w-]*(?: [A-Za-z][\w-]*){0,3})\s*(?:\((\d{1,3})\s*(?:pods?|replicas?|instances?)\)|[×x](\d{1,3})\b)/g;

/** Shell scripts, read as procedures (their claims come from one shell block). */
const SCRIPT_FILE = /\.(?:sh|bash)$/;
/** Programs that deploy what reading a script cannot tell. */
const UNSEEN_DEPLOYERS = new Set(['make', 'helmfile', 'skaffold', 'tilt', 'kapp', 'kustomize', 'argocd', 'flux', 'ansible-playbook', 'terraform', 'tofu', 'pulumi', 'source', '.', 'eval', 'xargs']);

/**
 * The script a command runs, when its path is written out: `./deploy-workers.sh`, `bash scripts/db.sh`,
 * `. ./lib.sh`. A path with a variable (`"$(dirname "$0")/x.sh"`) is not known: no call.
 */
function scriptCalled(command: ShellCommand): ShellWord | undefined {
  const words = command.words.filter((word) => word.text !== 'sudo' && word.text !== 'exec');
  const first = words[0];
  if (!first) return undefined;
  const shell = ['bash', 'sh', 'zsh', 'source', '.'].includes(first.text);
  const script = shell ? words.slice(1).find((word) => !word.text.startsWith('-')) : first;
  return script && SCRIPT_FILE.test(script.text) && !/[$`*?]/.test(script.text) ? script : undefined;
}

const BOX_DRAWING = /[─│┌┐└┘├┤┬┴┼═║╔╗╚╝▶►▼◀]/;
export const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'console', 'zsh', 'shell-session']);

/** Extracts every claim a document makes, each with its source and scope. */
export function extractClaims(doc: MarkdownDocument, context: ClaimContext): Claim[] {
  const claims: Claim[] = [];
  const extractor = new Extractor(doc, context, claims);
  doc.blocks.forEach((block, index) => {
    extractor.block(block);
    const next = doc.blocks[index + 1];
    if (block.kind === 'text' && next?.kind === 'code') extractor.savedFile(block, next);
  });
  for (const link of doc.links) extractor.link(link.url, link.source, link.section);
  for (const code of doc.inlineCode) extractor.inlineCode(code.value, code.source, code.section);
  return claims.filter((claim) => !extractor.namesNoRepositoryFile(claim)).map((claim) => extractor.dated(claim)).sort((a, b) => a.source.line - b.source.line || a.source.column - b.source.column);
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
  /** Files the doc's steps have the reader make. */
  private readonly made = new MadeFiles();
  /** Per line of prose asked about, whether it records a deletion or a rename: history, whatever its section. */
  private readonly historyLines = new Map<number, boolean>();
  private proseByLine: Map<number, string> | undefined;
  /** Per section asked about, whether its headings size other scales. */
  private readonly sizingSections = new Map<number, boolean>();
  /** Sections holding a scale step: their counts are what the reader scales to, not what runs. */
  private readonly scaleSections = new Set<number>();
  private codeByLine: Map<number, InlineCode[]> | undefined;
  /** A shell script read as a procedure (not a Markdown doc): its run is described once. */
  private readonly isScript: boolean;
  /** A heading that names a script: "It deploys:" in its section speaks of that script. */
  private sectionScript: { section: number; script: string } | undefined;
  /** A "`x.sh` deploys:" claim whose items are the list items that follow it. */
  private openScriptList: ClaimOf<'script-deploys'> | undefined;

  constructor(
    private readonly doc: MarkdownDocument,
    private readonly context: ClaimContext,
    private readonly claims: Claim[],
  ) {
    this.directory = doc.file.includes('/') ? doc.file.slice(0, doc.file.lastIndexOf('/')) : '';
    this.isScript = SCRIPT_FILE.test(doc.file);
    for (const block of doc.blocks) {
      if (block.kind === 'code' && SCALE_STEP.test(block.value)) this.scaleSections.add(sectionAt(doc, block.source.line));
    }
  }

  block(block: Block): void {
    if (block.kind === 'text') {
      const asserted = assertedSentences(block.lines);
      block.lines.forEach((line, index) => this.textLine(line, asserted(index), block.section, block.role === 'heading' ? 'heading' : 'prose'));
      this.scriptDeploys(block, asserted);
      return;
    }
    this.openScriptList = undefined;
    if (block.kind === 'table') {
      this.table(block.header, block.rows, block.section);
      this.scriptTable(block.rows, block.section);
    }
    else if (block.kind === 'code') {
      const title = /\b(?:title|filename|file)=["']?([^"'\s]+)/.exec(block.meta ?? '')?.[1];
      if (title && block.value.trim() !== '') this.made.add(title, block.source.line);
      this.code(block.lang, block.value, block.firstLine, block.source, block.section, block.lineColumns);
    }
  }

  /**
   * What the doc says a script deploys: "`deploy-all.sh` deploys the workers and HAProxy", a
   * "`deploy-all.sh` deploys:" line and the list after it, and "It deploys …" under a heading that names the script.
   */
  private scriptDeploys(block: Extract<Block, { kind: 'text' }>, asserted: (line: number) => (index: number) => boolean): void {
    const open = this.openScriptList;
    if (open && block.role === 'list-item') {
      const line = block.lines[0];
      const item = line && listItemSubject(line.text);
      if (line && item) open.items.push({ text: item.text, source: locateInLine(line, item.index, item.text.length, this.doc.file) });
      return;
    }
    this.openScriptList = undefined;
    if (block.role === 'heading') {
      const script = scriptNamed(block.lines.map((line) => line.text).join(' '));
      this.sectionScript = script === undefined ? undefined : { section: sectionAt(this.doc, block.source.line), script };
    }
    const aboutScript = this.sectionScript !== undefined && sectionAt(this.doc, block.source.line) === this.sectionScript.section;
    block.lines.forEach((line, index) => {
      // Most lines name no script: one substring test passes them over.
      if (!aboutScript && !line.text.includes('.sh') && !line.text.includes('.bash')) return;
      const statement = readScriptStatement(line.text, aboutScript);
      if (!statement || !asserted(index)(statement.index)) return;
      const script = statement.script ?? this.sectionScript?.script;
      if (script === undefined || (statement.items.length === 0 && !statement.opensList)) return;
      const items = statement.items.map((item) => ({ text: item.text, source: locateInLine(line, item.index, item.text.length, this.doc.file) }));
      const at = this.scoped(locateInLine(line, statement.index, statement.length, this.doc.file), block.section);
      const claim: ClaimOf<'script-deploys'> = { type: 'script-deploys', script, candidates: this.upward(normalizePath(script)), items, ...at };
      this.claims.push(claim);
      if (statement.opensList && index === block.lines.length - 1) this.openScriptList = claim;
    });
  }

  /** A table row that names a script and says what it deploys: | `deploy-all.sh` | Deploys the main process and HAProxy |. */
  private scriptTable(rows: Cell[][], section: number): void {
    for (const row of rows) {
      const named = row.find((cell) => scriptNamed(cell.text) !== undefined);
      const script = named && scriptNamed(named.text);
      if (!named || script === undefined) continue;
      for (const cell of row) {
        if (cell === named || HEDGED.test(cell.text) || NEGATED.test(cell.text)) continue;
        const statement = readScriptStatement(cell.text, true);
        if (!statement || statement.script !== undefined || statement.items.length === 0) continue;
        // Cell text has its markup removed: the items are placed at the cell, which holds them.
        const items = statement.items.map((item) => ({ text: item.text, source: cell.source }));
        this.claims.push({ type: 'script-deploys', script, candidates: this.upward(normalizePath(script)), items, ...this.scoped(named.source, section) });
      }
    }
  }

  /** "Save as `conf/gw.toml`:" and the fenced block after it (or a fence titled `title="conf/gw.toml"`): the reader makes that file. */
  savedFile(text: Extract<Block, { kind: 'text' }>, code: Extract<Block, { kind: 'code' }>): void {
    const content = code.value.trim();
    if (content === '' || content === '...' || content === '…') return;
    if (!announcesSavedFile(text.lines.map((line) => line.text).join(' '))) return;
    const byLine = this.inlineCodeByLine();
    const named: InlineCode[] = [];
    for (let line = text.source.line; line <= text.source.endLine; line++) named.push(...(byLine.get(line) ?? []).filter((entry) => /[./]/.test(entry.value)));
    const path = named[named.length - 1];
    if (path) this.made.add(path.value.trim(), path.source.line, path.value.trim().endsWith('/'));
  }

  /** Whether a line of prose records a deletion or a rename ("Deleted: `k8s/old.yaml`"); asked only of lines with claims. */
  private recordsHistory(line: number): boolean {
    let verdict = this.historyLines.get(line);
    if (verdict === undefined) {
      if (!this.proseByLine) {
        this.proseByLine = new Map();
        for (const block of this.doc.blocks) if (block.kind === 'text') for (const text of block.lines) this.proseByLine.set(text.line, text.text);
      }
      verdict = HISTORY_LINE.test(this.proseByLine.get(line) ?? '');
      this.historyLines.set(line, verdict);
    }
    return verdict;
  }

  /** The doc's inline code by line, built once when first asked. */
  private inlineCodeByLine(): Map<number, InlineCode[]> {
    if (!this.codeByLine) {
      this.codeByLine = new Map();
      for (const entry of this.doc.inlineCode) addToGroup(this.codeByLine, entry.source.line, entry);
    }
    return this.codeByLine;
  }

  /** A file named on a line that records a deletion or a rename ("Deleted: `k8s/old.yaml`") is history, whatever its section. */
  dated(claim: Claim): Claim {
    if (claim.type === 'file' && claim.scope === 'current' && this.recordsHistory(claim.source.line)) return { ...claim, scope: 'historical' };
    return claim;
  }

  /** Paths that are no repository file: placeholders, remote targets, and files the doc had the reader make before. */
  namesNoRepositoryFile(claim: Claim): boolean {
    if (claim.type !== 'applies' && !(claim.type === 'file' && claim.kind !== 'link')) return false;
    return isPlaceholder(claim.text) || isRemote(claim.text) || this.made.covers(claim.text, claim.source.line);
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
    this.prosePrerequisites(line, locate, section);
    // Whether the line's counts are the deployment's: asked only of a line that has one.
    let verdict: boolean | undefined;
    const counts = (): boolean => (verdict ??= !this.sizing(line.text, line.line));
    // "8 sync workers": a count right before a mention belongs to it, whatever else the line names.
    for (const { mention, index } of found) {
      const count = /\b(\d{1,3})\s+$/.exec(line.text.slice(0, index));
      if (!count || !counts()) continue;
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
      if (asserted(index) && owned(index) && counts()) this.claims.push({ type: 'replicas', subject, min, max, ...this.scoped(locate(index, length), section) });
    }
  }

  /**
   * "Create a secret called `pager-token` holding your key", "create the `db-creds` Secret": a
   * prerequisite written in prose is a creation step as much as `kubectl create secret`.
   */
  private prosePrerequisites(line: TextLine, locate: Locate, section: number): void {
    const text = line.text;
    // Every such line says Secret or ConfigMap (any case): the rest are passed over without a regular expression.
    if (!text.includes('ecret') && !text.includes('ECRET') && !text.includes('onfig') && !text.includes('ONFIG')) return;
    if (!/secret|config\s?map/i.test(text)) return;
    const code = new Set((this.inlineCodeByLine().get(line.line) ?? []).map((entry) => entry.value.trim()));
    for (const match of line.text.matchAll(PROSE_CREATION)) {
      const [, kindAfter, named, nameAfter, nameBefore, kindBefore] = match;
      const name = nameAfter ?? nameBefore;
      const kind = kindAfter ?? kindBefore;
      // Without "called"/"named", only a name written as code is a name ("create a secret with your key" names none).
      if (!name || !kind || (!named && !code.has(name))) continue;
      const objectKind = /secret/i.test(kind) ? 'Secret' : 'ConfigMap';
      const index = match.index + match[0].lastIndexOf(name);
      this.claims.push({ type: 'creates', objectKind, name, namespace: undefined, ...this.scoped(locate(index, name.length), section) });
    }
  }

  /**
   * Counts that are not the deployment: sizing tiers ("### 20K users: 4 writers", Small/Medium/Large),
   * worked arithmetic ("3 replicas × 10 = 30 connections"), and sections that scale by hand.
   */
  private sizing(text: string, line: number): boolean {
    if (ARITHMETIC.test(text)) return true;
    const index = sectionAt(this.doc, line);
    if (this.scaleSections.has(index)) return true;
    let headings = this.sizingSections.get(index);
    if (headings === undefined) {
      headings = (this.doc.sections[index]?.path ?? []).some((heading) => SIZING.test(heading));
      this.sizingSections.set(index, headings);
    }
    return headings || SIZING.test(text);
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

  /** "[ web (2 pods) ]", "Event Persisters ×2": a count drawn beside a box's label is a replica claim. */
  private diagramReplicas(text: string, line: number, section: number): void {
    // Most diagram lines draw no count: only those with one are searched for its label.
    if (!/\(\d{1,3}\s*(?:pods?|replicas?|instances?)\)|[×x]\d/i.test(text)) return;
    for (const match of text.matchAll(DIAGRAM_COUNT)) {
      const label = match[1]!.trim();
      const subject = this.subjectOf(label) ?? this.subjectOf(label.toLowerCase());
      if (!subject) continue;
      const value = Number(match[2] ?? match[3]);
      this.claims.push({ type: 'replicas', subject, min: value, max: value, ...this.at(line, 1 + match.index, match[0].length, section) });
    }
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
    // A tier table (Small/Medium/Large, per user count) sizes deployments other than this one; asked once it has a count.
    let tiers: boolean | undefined;
    const sizingTable = (): boolean => (tiers ??= headers.some((text) => SIZING.test(text)) || rows.some((row) => SIZING.test(row[0]?.text ?? '')));
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
      if (replicaCell && !sizingTable() && !/\be\.g\./i.test(replicaCell.text) && !this.sizing('', replicaCell.source.line)) {
        const range = replicasIn(replicaCell.text)[0] ?? (replicaColumn !== -1 ? exactNumber(replicaCell.text) : undefined);
        if (range) this.claims.push({ type: 'replicas', subject, min: range.min, max: range.max, ...this.cellAt(replicaCell, section) });
      }
    }
  }

  // -- code blocks ---------------------------------------------------------------------------------

  private code(lang: string | undefined, value: string, firstLine: number, source: Source, section: number, lineColumns: readonly number[] | undefined): void {
    const lines = value.split('\n');
    const isShell = (lang !== undefined && SHELL_LANGS.has(lang.toLowerCase())) || (!lang && lines.some((text) => /^\s*(\$\s+)?(kubectl|helm)\s/.test(text)));
    lines.forEach((text, index) => this.dnsNames(text, this.contiguous(firstLine + index, 1), section));
    if (isShell) {
      this.shell(value, firstLine, source.column, section, lineColumns);
      this.appliedHeredocs(lines, firstLine, source, section);
      return;
    }
    if ((lang === 'yaml' || lang === 'yml') && /^apiVersion:/m.test(value) && /^kind:/m.test(value)) this.manifest(value, firstLine, false, source, section);
    if (drawsTree(value)) {
      const tree = readTree(value, firstLine);
      if (tree) {
        const root = tree.root === undefined || tree.root === '.' || tree.root === './' ? '' : normalizePath(tree.root);
        // `my-repo/` may be the checked folder itself: the doc's folder and those above it are candidates too.
        const candidates = [...new Set([...(root === '' ? [] : this.upward(root)), ...this.upward('')])];
        this.claims.push({ type: 'tree', candidates, entries: tree.entries, partial: tree.partial, ...this.scoped(source, section) });
        return;
      }
    }
    const diagram = lang === 'mermaid' || BOX_DRAWING.test(value);
    const kinds: DiagramClaim['kinds'] = [];
    lines.forEach((text, index) => {
      if (this.routeLine(text, this.contiguous(firstLine + index, 1), section)) return;
      if (!diagram) return;
      kinds.push(...this.diagramKinds(text, firstLine + index, section));
      this.diagramReplicas(text, firstLine + index, section);
    });
    if (diagram && kinds.length > 0) this.claims.push({ type: 'diagram', kinds, ...this.scoped(source, section) });
  }

  /** kubectl steps and Helm releases in a shell block, and the files its commands make. */
  private shell(value: string, firstLine: number, firstColumn: number, section: number, lineColumns?: readonly number[]): void {
    const commands = parseShell(value, { firstLine, firstColumn, ...(lineColumns ? { lineColumns } : {}) }).commands;
    const run = this.isScript ? { exit: undefined as ShellCommand | undefined, opaque: undefined as ShellCommand | undefined, calls: [] as ClaimOf<'script-run'>['calls'] } : undefined;
    commands.forEach((command, index) => {
      if (run && !run.exit) {
        const called = scriptCalled(command);
        if (isUnconditionalExit(command, commands[index - 1])) run.exit = command;
        else if (called) run.calls.push({ text: called.text, candidates: this.upward(normalizePath(called.text)), ...this.at(called.line, called.column, called.text.length, section) });
        else if (!run.opaque && this.deploysUnseen(command)) run.opaque = command;
      }
      this.made.command(command);
      const args = argv(command);
      const release = readHelmCommand(args);
      if (release) this.helmRelease(release, command.line, section);
      const kubectl = args.indexOf('kubectl');
      if (kubectl === -1) return;
      const words = command.words.slice(kubectl + 1);
      this.kubectl(words, command.line, section);
      // `envsubst < k8s/ingress.yaml | kubectl apply -f -`: the file read into the pipeline is applied.
      if (args[kubectl + 1] === 'apply' && optionValues(words, ['-f', '--filename']).some((option) => option.value === '-')) {
        for (const earlier of commands) {
          if (earlier.pipeline !== command.pipeline) continue;
          for (const redirection of earlier.redirections) {
            if (redirection.operator === '<' && redirection.target) this.source(redirection.target.text, redirection.target, section);
          }
        }
      }
      // `--from-file=[KEY=]PATH` of a ConfigMap reads a repository file (or folder); a Secret's are the reader's own, never committed.
      if (args[kubectl + 2] === 'secret') return;
      for (const { value, word } of optionValues(words, ['--from-file', '--from-env-file'])) {
        const path = value.slice(value.indexOf('=') + 1);
        this.source(path, wordPart(word, path), section);
      }
    });
    if (run) {
      const place = (command: ShellCommand | undefined) => command && this.at(command.line, command.column, 1, section).source;
      this.claims.push({ type: 'script-run', exit: place(run.exit), opaque: place(run.opaque), calls: run.calls, ...this.at(firstLine, 1, 1, section) });
    }
  }

  /**
   * A script step that may deploy what reading cannot tell: another script or a build tool, Helm,
   * `kubectl apply` of stdin, of a variable or glob path, or of a file the script wrote itself.
   */
  private deploysUnseen(command: ShellCommand): boolean {
    const args = argv(command).filter((arg) => arg !== 'sudo' && arg !== 'exec');
    const program = (args[0] ?? '').slice((args[0] ?? '').lastIndexOf('/') + 1);
    if (/\.(?:sh|bash)$/.test(program) || UNSEEN_DEPLOYERS.has(program)) return true;
    if ((program === 'bash' || program === 'sh' || program === 'zsh') && args.slice(1).some((arg) => !arg.startsWith('-'))) return true;
    if (program === 'helm' || program === 'helmfile') return /^(install|upgrade|apply|sync|template)$/.test(args[1] ?? '');
    const kubectl = args.indexOf('kubectl');
    if (kubectl === -1 || !['apply', 'create', 'replace'].includes(args[kubectl + 1] ?? '')) return false;
    const words = command.words.slice(command.words.findIndex((word) => word.text === 'kubectl') + 1);
    return optionValues(words, ['-f', '--filename', '-k', '--kustomize']).some(({ value }) => value === '-' || /[$*?`]/.test(value) || this.made.covers(value, command.line));
  }

  /** A file a command reads: it must exist, unless the procedure made it, it is a placeholder or it is elsewhere. */
  private source(path: string, at: { line: number; column: number }, section: number): void {
    // A bare name is a file in the reader's working folder, often written by hand just before.
    if (path === '' || path.startsWith('/') || path.startsWith('~') || !path.replace(/\/$/, '').includes('/')) return;
    const text = path.replace(/\/$/, '');
    this.claims.push({ type: 'file', kind: 'source', text, candidates: this.upward(normalizePath(text)), outside: false, anchor: undefined, ...this.at(at.line, at.column, text.length, section) });
  }

  /** The claims of one kubectl command (its words after `kubectl`), each at the word that names its object or file. */
  private kubectl(all: ShellWord[], line: number, section: number): void {
    // What follows `--` is the command run in the container.
    const cut = all.findIndex((word) => word.text === '--');
    const words = cut === -1 ? all : all.slice(0, cut);
    const args = words.map((word) => word.text);
    const namespace = optionValues(words, ['-n', '--namespace'])[0]?.value;
    const positionalWords = positionalArgs(words);
    const positionals = positionalWords.map((word) => word.text);
    /** The claim's place: the name inside its word (`deploy/NAME`, `--from-file=k=NAME`), else the command's start. */
    const named = (word: ShellWord | undefined, name: string) => {
      const at = word ? wordPart(word, name) : { line, column: 1 };
      return this.at(at.line, at.column, word ? name.length : 1, section);
    };
    const objectKind = positionals[1] === 'secret' ? 'Secret' : positionals[1] === 'configmap' || positionals[1] === 'cm' ? 'ConfigMap' : undefined;
    if (positionals[0] === 'create' && objectKind) {
      const typed = objectKind === 'Secret' && ['generic', 'tls', 'docker-registry'].includes(positionals[2] ?? '');
      const word = positionalWords[typed ? 3 : 2];
      if (word) this.claims.push({ type: 'creates', objectKind, name: word.text, namespace, ...named(word, word.text) });
    }
    if (positionals[0] === 'apply' || positionals[0] === 'create' || positionals[0] === 'replace') {
      const dryRun = args.some((arg) => arg === '--dry-run' || (arg.startsWith('--dry-run=') && arg !== '--dry-run=none'));
      const recursive = args.some((arg) => arg === '-R' || arg === '--recursive' || arg === '--recursive=true');
      const paths = [
        ...optionValues(words, ['-f', '--filename']).map((option) => ({ ...option, recursive, kustomize: false })),
        ...optionValues(words, ['-k', '--kustomize']).map((option) => ({ ...option, recursive: true, kustomize: true })),
      ];
      for (const { value, word, recursive, kustomize } of paths) {
        if (value === '-' || /^[a-z]+:\/\//i.test(value)) continue;
        this.claims.push({ type: 'applies', text: value, candidates: this.upward(normalizePath(value)), dryRun, recursive, kustomize, ...named(word, value) });
      }
    }
    if (positionals[0] === 'scale') {
      const replicas = Number(optionValues(words, ['--replicas'])[0]?.value);
      const [kindOrTarget, nameWord] = positionalWords.slice(1);
      const text = kindOrTarget?.text ?? '';
      const slash = text.indexOf('/');
      const target =
        slash > 0 ? { objectKind: text.slice(0, slash).toLowerCase(), name: text.slice(slash + 1), word: kindOrTarget } : nameWord ? { objectKind: text.toLowerCase(), name: nameWord.text, word: nameWord } : undefined;
      if (target && Number.isInteger(replicas) && replicas >= 0) {
        this.claims.push({ type: 'scales', objectKind: target.objectKind, name: target.name, replicas, ...named(target.word, target.name) });
      }
    }
    const selection = podSelection(positionals, optionValues(words, ['-l', '--selector'])[0]);
    if (selection) this.claims.push({ type: 'selection', verb: positionals[0]!, labels: selection.labels, namespace, ...named(selection.word, selection.text) });
    for (const target of namedObjects(positionals)) {
      const { index, ...object } = target;
      this.claims.push({ type: 'object', ...object, namespace, ...named(positionalWords[index], object.name) });
    }
    for (const word of positionalWords) {
      const match = /^(?:svc|service|services)\/([a-z0-9-]+)$/.exec(word.text);
      if (match) {
        this.claims.push({ type: 'service', text: word.text, service: match[1]!, namespace, pod: undefined, port: undefined, srv: undefined, ...named(word, word.text) });
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
    const target = this.linkTarget(decodeURIComponentSafe(rawPath));
    this.claims.push({ type: 'file', kind: 'link', text: url, ...target, anchor, ...this.scoped(source, section) });
  }

  /**
   * Where a link leads, below the checked folder. `/x` is read from the git repository root; when
   * that lies outside the checked folder, the reading from the checked folder is kept as the only
   * candidate (a vendored copy of a repository keeps its own layout), and the link is outside.
   */
  private linkTarget(path: string): { candidates: string[]; outside: boolean } {
    if (path === '') return { candidates: [this.doc.file], outside: false };
    if (!path.startsWith('/')) {
      const joined = joinPath(this.directory, path);
      return joined === undefined ? { candidates: [], outside: true } : { candidates: [joined], outside: false };
    }
    const fromRepository = joinPath('', path);
    if (fromRepository === undefined) return { candidates: [], outside: true };
    const prefix = this.context.repositoryPrefix ?? '';
    if (prefix === '' || fromRepository === prefix) return { candidates: [fromRepository.slice(prefix.length)], outside: false };
    if (fromRepository.startsWith(`${prefix}/`)) return { candidates: [fromRepository.slice(prefix.length + 1)], outside: false };
    return { candidates: [fromRepository], outside: true };
  }

  inlineCode(value: string, source: Source, section: number): void {
    const text = value.trim();
    // "Install it with `helm install grafana grafana/grafana -n monitoring`": a release as much as in a fenced block.
    if (/^helm\s+(install|upgrade)\s/.test(text)) {
      for (const command of parseShell(text, { firstLine: source.line, firstColumn: source.column }).commands) {
        const release = readHelmCommand(argv(command));
        if (release) this.helmRelease(release, source.line, section);
      }
      return;
    }
    if (!/^(\.{1,2}\/)?[\w.-]+(\/[\w.-]+)+\/?$/.test(text) || text.startsWith('/')) return;
    const last = text.replace(/\/$/, '').split('/').pop()!;
    if (!/\.(ya?ml|cfg|md|json|conf|sh|txt|toml|ts|js)$/i.test(last) && !text.endsWith('/')) return;
    const candidates = this.upward(normalizePath(text.replace(/\/$/, '')));
    this.claims.push({ type: 'file', kind: 'inline-code', text, candidates, outside: false, anchor: undefined, ...this.scoped(source, section) });
  }

  /** A relative path read from the doc's folder, then from each folder above it up to the root. */
  private upward(relative: string): string[] {
    return upwardCandidates(this.directory, relative);
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

const OPTIONS_WITH_VALUE = new Set(['--replicas', '-p', '--patch', '--patch-file', '--timeout', '--tail', '--since', '--for', '--to-revision', '--field-selector', '--sort-by', '--template', '-n', '--namespace', '-f', '--filename', '-k', '--kustomize', '-o', '--output', '-l', '--selector', '--context', '--from-file', '--from-literal', '--type', '-c', '--container']);

/** Kinds as kubectl takes them (singular, plural, short name) → the Kubernetes kind. */
const KUBECTL_KINDS = new Map<string, string>(
  (
    [
      ['Deployment', 'deployment deployments deploy'],
      ['StatefulSet', 'statefulset statefulsets sts'],
      ['DaemonSet', 'daemonset daemonsets ds'],
      ['ConfigMap', 'configmap configmaps cm'],
      ['Secret', 'secret secrets'],
      ['Ingress', 'ingress ingresses ing'],
      ['Namespace', 'namespace namespaces ns'],
      ['Job', 'job jobs'],
      ['CronJob', 'cronjob cronjobs cj'],
      ['HorizontalPodAutoscaler', 'horizontalpodautoscaler horizontalpodautoscalers hpa'],
      ['PersistentVolumeClaim', 'persistentvolumeclaim persistentvolumeclaims pvc'],
      ['ServiceAccount', 'serviceaccount serviceaccounts sa'],
      ['NetworkPolicy', 'networkpolicy networkpolicies netpol'],
      ['PodDisruptionBudget', 'poddisruptionbudget poddisruptionbudgets pdb'],
      ['Certificate', 'certificate certificates cert certs'],
    ] as const
  ).flatMap(([kind, names]) => names.split(' ').map((name) => [name, kind] as const)),
);
/** Verbs that name objects, and where their targets start (`rollout restart …`). */
const NAMING_VERBS = new Map([
  ['get', 1], ['describe', 1], ['edit', 1], ['patch', 1], ['scale', 1], ['delete', 1], ['label', 1], ['annotate', 1],
  ['logs', 1], ['exec', 1], ['port-forward', 1], ['rollout', 2], ['autoscale', 1], ['set', 2],
]);

/**
 * The objects a kubectl command names: `kind/name …` or `kind name …`, each with the index of the
 * positional word that names it. Services are left to the service references; pods (generated
 * names), label selections and patterns name none.
 */
function namedObjects(positionals: string[]): { verb: string; objectKind: string; name: string; index: number }[] {
  const verb = positionals[0] ?? '';
  const start = NAMING_VERBS.get(verb);
  if (start === undefined) return [];
  const targets: { text: string; index: number }[] = [];
  positionals.forEach((text, index) => {
    if (index >= start && !text.includes('=') && !text.endsWith('-') && !/[$<>{}*]/.test(text)) targets.push({ text, index });
  });
  const kindOf = (text: string): string | undefined => KUBECTL_KINDS.get(text.toLowerCase().split('.')[0]!);
  const found: { verb: string; objectKind: string; name: string; index: number }[] = [];
  const first = targets[0];
  if (!first) return found;
  if (first.text.includes('/')) {
    for (const { text, index } of targets) {
      const [kind, name] = text.split('/');
      const objectKind = kind ? kindOf(kind) : undefined;
      if (objectKind && name) found.push({ verb, objectKind, name, index });
    }
    return found;
  }
  // `logs NAME`, `exec NAME`, `port-forward NAME` name a pod.
  if (verb === 'logs' || verb === 'exec' || verb === 'port-forward') return found;
  const objectKind = kindOf(first.text);
  if (!objectKind) return found;
  for (const { text, index } of targets.slice(1)) if (/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(text)) found.push({ verb, objectKind, name: text, index });
  return found;
}

/**
 * The pods a command selects by label, when it selects pods (`logs`, `get|describe|delete|top pods`)
 * with equality pairs only (`app=web,tier=front`); sets (`in (…)`), negations and variables are not read.
 */
function podSelection(positionals: string[], option: { value: string; word: ShellWord } | undefined): { labels: Record<string, string>; text: string; word: ShellWord } | undefined {
  if (!option) return undefined;
  const verb = positionals[0];
  const pods = verb === 'logs' || (['get', 'describe', 'delete', 'top', 'wait'].includes(verb ?? '') && /^(?:po|pods?)$/i.test(positionals[1] ?? ''));
  if (!pods) return undefined;
  const labels: Record<string, string> = {};
  for (const pair of option.value.split(',')) {
    const match = /^([\w./-]+)==?([\w.-]+)$/.exec(pair.trim());
    if (!match) return undefined;
    labels[match[1]!] = match[2]!;
  }
  return { labels, text: option.value, word: option.word };
}

/** The values of options (`-f x`, `--filename=x`), each with the word it is written in. */
function optionValues(words: ShellWord[], names: string[]): { value: string; word: ShellWord }[] {
  const values: { value: string; word: ShellWord }[] = [];
  words.forEach((word, index) => {
    const next = words[index + 1];
    for (const name of names) {
      if (word.text === name && next !== undefined) values.push({ value: next.text, word: next });
      else if (word.text.startsWith(`${name}=`)) values.push({ value: word.text.slice(name.length + 1), word });
    }
  });
  return values;
}

/** Words that are not options nor the values of the options that take one. */
function positionalArgs(words: ShellWord[]): ShellWord[] {
  const positionals: ShellWord[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (word.text.startsWith('-')) {
      if (OPTIONS_WITH_VALUE.has(word.text)) index++;
      continue;
    }
    positionals.push(word);
  }
  return positionals;
}

/** Where a part of a word's text is written: found in the word as written (after any `kind/` or `key=`), else the word's start. */
function wordPart(word: ShellWord, part: string): { line: number; column: number } {
  const offset = word.line === word.endLine ? word.raw.lastIndexOf(part) : -1;
  return { line: word.line, column: word.column + Math.max(offset, 0) };
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

/** A relative path read from a folder, then from each folder above it up to the root (kubectl and readers run from any of them). */
export function upwardCandidates(folder: string, relative: string): string[] {
  const candidates = new Set<string>();
  let directory: string | undefined = folder;
  while (directory !== undefined) {
    const joined = joinPath(directory, relative);
    if (joined !== undefined) candidates.add(joined);
    directory = directory === '' ? undefined : directory.includes('/') ? directory.slice(0, directory.lastIndexOf('/')) : '';
  }
  return [...candidates];
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
