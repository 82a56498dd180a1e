/**
 * @module slack/listeners/actions/followups
 * [File as GitHub issue] on a follow-up: the click is the decision; a job files it in the service's
 * repository (or WARROOM_FOLLOWUP_REPO), once, however often it is clicked. [Add follow-up] on the board
 * opens the follow-up form.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { followUpModal, parseFollowUpValue } from '../../blocks/followups.js';
import { openModal, tellPrivately } from '../../open-modal.js';
import { dispatchAfterAck, outcomeText, record } from '../../record.js';
import { followUpRepoOf } from '../../subcommands/followups.js';

type ActionArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function fileFollowUpAction(services: Services) {
  return async ({ ack, body, action, respond }: ActionArgs) => {
    await ack();
    const whisper = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const target = parseFollowUpValue(action.value);
    const { state } = target ? await services.store.load(target.incidentId) : { state: undefined };
    if (!target || !state) {
      await whisper('This follow-up no longer exists.');
      return;
    }
    const repo = followUpRepoOf(services, state);
    if (!repo || !services.config.github.token) {
      await whisper(
        'warroom has nowhere to file it: give the service a `github: { repo: owner/name }` in services.yaml (or set WARROOM_FOLLOWUP_REPO), and GITHUB_TOKEN with issues: write.',
      );
      return;
    }
    // One filing per follow-up, whoever clicks and however often: the key is the follow-up's.
    const outcome = await record(
      services,
      state.id,
      { type: 'requestFollowUpIssue', followUpId: target.followUpId, repo },
      { actor: body.user.id, at: Date.now() },
      `act:file:${target.followUpId}`,
    );
    await whisper(outcomeText(outcome, `Filing it in ${repo}; the channel hears when GitHub has it.`));
    await dispatchAfterAck(services, outcome);
  };
}

/** [Add follow-up] on the board: the follow-up form, for anyone in the channel. */
export function addFollowUpAction(services: Services) {
  return async ({ ack, body, action, respond, client }: ActionArgs) => {
    await ack();
    const incidentId = action.value ?? '';
    if (!/^INC-\d+$/.test(incidentId)) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'This board no longer belongs to an incident.',
      });
      return;
    }
    openModal({
      client,
      triggerId: body.trigger_id,
      view: followUpModal(incidentId),
      tell: tellPrivately(respond),
      logger: services.logger,
    });
  };
}
