// The /paid grammar is documented in three places: the README's Commands section, /help in a group,
// and the answer to a bare /paid. All three come from (or are checked against) one list of forms.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GROUP_HELP, HELP_TOPICS, helpTopic } from '../../src/bot/help-topics.js';
import { PAID_FORMS, parsePaid } from '../../src/commands/index.js';
import { input } from './helpers.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('the /paid forms', () => {
  it.each(PAID_FORMS.map((form) => [form.example]))('%s is in the README and in /help paid', (example) => {
    expect(readme).toContain(`\`${example}\``);
    expect(helpTopic('paid')?.lines.join('\n')).toContain(example);
  });

  it('/help is one short screen, and the README names every topic it has a button for', () => {
    expect(GROUP_HELP.length).toBeLessThanOrEqual(6);
    expect(GROUP_HELP.join('\n').length).toBeLessThan(600);
    for (const topic of HELP_TOPICS) {
      expect(readme).toContain(`\`/help ${topic.key}\``);
      expect(topic.lines.join('\n').length).toBeLessThan(4096);
    }
    expect(helpTopic(' Settle ')?.key).toBe('settle');
    expect(helpTopic('weather')).toBeUndefined();
  });

  it.each(PAID_FORMS.map((form) => [form.example]))('%s parses', (example) => {
    const sender = { id: 1, username: 'kabir_s', first_name: 'Kabir' };
    expect(parsePaid(input(example, [], sender)).amount.gt(0)).toBe(true);
  });
});
