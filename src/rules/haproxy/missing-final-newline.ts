import { holdsHaproxyConfig } from '../../parse/haproxy-embedded.ts';
import { defineRule } from '../define-rule.ts';

/**
 * HAProxy refuses a configuration whose last line has no line feed ("Missing LF on last line, file
 * might have been truncated"): an editor that drops the final newline, or a ConfigMap written
 * with `|-`, which strips it, keeps the proxy from starting.
 */
export default defineRule({
  id: 'haproxy/missing-final-newline',
  // HAProxy 2.6 refuses such a file (checked against the real binary); which version a cluster runs is not known here.
  severity: 'warning',
  impact: 'high',
  title: 'HAProxy configurations end without a line feed',
  consequence: 'HAProxy refuses to start ("Missing LF on last line, file might have been truncated"): every route through it is down.',
  docs: [
    'HAProxy reads its configuration line by line and takes a last line without a line feed for a file cut short: `haproxy -c` fails with "Missing LF on last line", whatever that line holds (a statement, a comment, blanks). Two shapes cause it: a haproxy.cfg saved without its final newline, and a ConfigMap that embeds the configuration as a `|-` block scalar, which strips the final line feed from the mounted file.',
    'What counts: a checked haproxy.cfg that does not end with a line feed; a ConfigMap key ending in `.cfg` whose text starts an HAProxy section (`global`, `defaults`, `frontend`, `backend`, `listen`) on a line of its own and does not end with a line feed. What does not: an empty file; a ConfigMap generated from a file, which keeps the file as it is; other keys.',
    'This is a warning, not an error: HAProxy 2.6 refuses such a file (docdrift is tested against it), and docdrift does not know which version the cluster runs.',
  ].join('\n\n'),
  description: 'An HAProxy configuration (a haproxy.cfg, or a ConfigMap key holding one) does not end with a line feed, which HAProxy refuses.',
  fix: 'End the file with a newline; in a ConfigMap, write the key as a `|` block scalar (which keeps the final line feed), not `|-`.',
  check({ model, report }) {
    for (const config of model.haproxy) {
      // A config written in a ConfigMap is checked there, below.
      if (config.unterminatedLastLine && !config.embedded) {
        report({ at: config.unterminatedLastLine, message: `${config.file} ends without a line feed: HAProxy refuses it ("Missing LF on last line")` });
      }
    }
    for (const object of model.configObjects) {
      if (object.kind !== 'ConfigMap') continue;
      for (const [key, embedded] of Object.entries(object.data)) {
        if (embedded.value.endsWith('\n') || !holdsHaproxyConfig(key, embedded.value)) continue;
        report({
          at: embedded.source,
          message: `ConfigMap ${object.name} key ${key} ends without a line feed (a \`|-\` block strips it): HAProxy refuses the mounted file ("Missing LF on last line")`,
        });
      }
    }
  },
});
