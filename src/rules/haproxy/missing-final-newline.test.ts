import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import rule from './missing-final-newline.ts';
import { checkConfigFile, requireHaproxy, stopAllHaproxy } from '../../../test/haproxy/haproxy-oracle.ts';
import { ruleFixtures, testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // The end of the last line of the file, which has no line feed.
    { file: 'deployment/config/haproxy.cfg', line: 15, column: 29 },
    // The `|-` block of the ConfigMap key; app.cfg and notes.txt are not HAProxy.
    { file: 'deployment/manifests/haproxy-config.yaml', line: 7, column: 13 },
  ],
});

describe('haproxy/missing-final-newline against the real HAProxy', () => {
  afterAll(stopAllHaproxy);

  it('is reported exactly where HAProxy refuses the file', async (context) => {
    const binary = requireHaproxy(context, 'the missing-final-newline oracle test');
    const config = (variant: string) => path.join(ruleFixtures(rule), variant, 'deployment/config/haproxy.cfg');
    const refused = await checkConfigFile(binary, config('invalid'));
    expect(refused.valid).toBe(false);
    expect(refused.alerts.join('\n')).toContain('Missing LF on last line');
    expect((await checkConfigFile(binary, config('valid'))).valid).toBe(true);
  });
});
