import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentState } from '../../src/incident/state.js';
import type { EffectContext } from '../../src/queue/context.js';
import { refreshProjections } from '../../src/queue/refresh.js';
import { renderTopic } from '../../src/slack/blocks/board.js';
import { effectContextOf, type Harness, startHarness } from '../support/harness.js';
import { boardOf, channelOf } from '../support/incident.js';

describe('refreshing an incident from an earlier version', () => {
  let h: Harness;
  let ctx: EffectContext;
  let id: string;
  let state: IncidentState;
  beforeAll(async () => {
    h = await startHarness();
    ctx = effectContextOf(h);
    const answer = await h.emulator.user('dana').command('declare sev2 Topic from an earlier version');
    id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    const channel = await channelOf(h, id);
    await h.emulator.waitFor(() => boardOf(channel)?.pinned);
    await h.emulator.idle();
    state = (await ctx.store.load(id)).state as IncidentState;
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** As an earlier warroom left it: the topic's text under `topic.current`, no hash of it. */
  async function earlierVersionTopic(text: string): Promise<void> {
    const results = ctx.store.keys.effectResults(id);
    await h.redis.hdel(results, 'shown.topic', 'shownAt.topic');
    await h.redis.hset(results, 'topic.current', text);
  }

  const topicCalls = () => h.emulator.calls.filter((c) => c.method === 'conversations.setTopic').length;

  it('should not set the topic again (a "set the topic" line in the channel) when it already reads right', async () => {
    await earlierVersionTopic(renderTopic(state));
    const before = topicCalls();
    const outcome = await refreshProjections(ctx, state, ['topic']);
    expect(topicCalls()).toBe(before);
    expect(outcome.outcomes).toEqual([]);
  });

  it('should set it when it reads something else', async () => {
    await earlierVersionTopic('SEV4 · Resolved · something older');
    const before = topicCalls();
    const outcome = await refreshProjections(ctx, state, ['topic']);
    expect(topicCalls()).toBe(before + 1);
    expect(outcome.outcomes).toEqual(['topic sent']);
  });
});
