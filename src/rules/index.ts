import { compareText } from '../engine/finding.ts';
import type { Rule } from './define-rule.ts';
import docsDiagramInconsistency from './docs/diagram-inconsistency.ts';
import docsDirectoryTree from './docs/directory-tree.ts';
import docsInvalidDirective from './docs/invalid-directive.ts';
import docsMissingCreationStep from './docs/missing-creation-step.ts';
import docsMissingFile from './docs/missing-file.ts';
import docsPortMismatch from './docs/port-mismatch.ts';
import docsReplicaMismatch from './docs/replica-mismatch.ts';
import docsRouteMismatch from './docs/route-mismatch.ts';
import docsScriptDrift from './docs/script-drift.ts';
import docsUndeployedWorker from './docs/undeployed-worker.ts';
import docsUndocumentedWorker from './docs/undocumented-worker.ts';
import docsUnknownObject from './docs/unknown-object.ts';
import docsUnknownService from './docs/unknown-service.ts';
import docsUnverifiableLink from './docs/unverifiable-link.ts';
import aclFetchAsPattern from './haproxy/acl-fetch-as-pattern.ts';
import exposedAdminPath from './haproxy/exposed-admin-path.ts';
import lineContinuation from './haproxy/line-continuation.ts';
import missingFinalNewline from './haproxy/missing-final-newline.ts';
import portMismatch from './haproxy/port-mismatch.ts';
import serverTemplateClusterIp from './haproxy/template-clusterip.ts';
import serverTemplateSlots from './haproxy/server-template-slots.ts';
import srvPortName from './haproxy/srv-port-name.ts';
import undefinedAcl from './haproxy/undefined-acl.ts';
import undefinedBackend from './haproxy/undefined-backend.ts';
import unknownService from './haproxy/unknown-service.ts';
import unusedBackend from './haproxy/unused-backend.ts';
import alternativeDrift from './k8s/alternative-drift.ts';
import danglingService from './k8s/dangling-service.ts';
import duplicateResource from './k8s/duplicate-resource.ts';
import embeddedConfigDrift from './k8s/embedded-config-drift.ts';
import ingressBackend from './k8s/ingress-backend.ts';
import ingressConflict from './k8s/ingress-conflict.ts';
import missingReference from './k8s/missing-reference.ts';
import mountHidesFiles from './k8s/mount-hides-files.ts';
import portChain from './k8s/port-chain.ts';
import selectsNothing from './k8s/selects-nothing.ts';
import serviceTargetPort from './k8s/service-target-port.ts';
import unresolvedHost from './k8s/unresolved-host.ts';
import instanceMap from './synapse/instance-map.ts';
import routeCapability from './synapse/route-capability.ts';
import parseError from './parse-error.ts';
import skippedFile from './skipped-file.ts';
import unusedSuppression from './unused-suppression.ts';

/** Every rule, sorted by id; the registry the engine, the docs and the tests share. */
export const rules: readonly Rule[] = [
  docsDiagramInconsistency,
  docsDirectoryTree,
  docsInvalidDirective,
  docsMissingCreationStep,
  docsMissingFile,
  docsPortMismatch,
  docsReplicaMismatch,
  docsRouteMismatch,
  docsScriptDrift,
  docsUndeployedWorker,
  docsUndocumentedWorker,
  docsUnknownObject,
  docsUnknownService,
  docsUnverifiableLink,
  aclFetchAsPattern,
  exposedAdminPath,
  lineContinuation,
  missingFinalNewline,
  portMismatch,
  serverTemplateClusterIp,
  serverTemplateSlots,
  srvPortName,
  undefinedAcl,
  undefinedBackend,
  unknownService,
  unusedBackend,
  alternativeDrift,
  danglingService,
  duplicateResource,
  embeddedConfigDrift,
  ingressBackend,
  ingressConflict,
  missingReference,
  mountHidesFiles,
  portChain,
  selectsNothing,
  serviceTargetPort,
  unresolvedHost,
  instanceMap,
  routeCapability,
  parseError,
  skippedFile,
  unusedSuppression,
].sort((a, b) => compareText(a.id, b.id));

const ids = new Set<string>();
for (const rule of rules) {
  if (ids.has(rule.id)) throw new Error(`duplicate rule id ${rule.id}`);
  ids.add(rule.id);
}
