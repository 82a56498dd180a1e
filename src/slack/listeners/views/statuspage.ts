/**
 * @module slack/listeners/views/statuspage
 * The status-page form submitted: the person's decision to publish. What they chose is recorded
 * (`StatusPagePublishRequested`) before Slack hears back, and a job publishes it, once. With Resolved,
 * every component is set back to operational: the all-clear.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { type COMPONENT_STATUSES, publishIdFor, STATUS_PAGE_STATUSES } from '../../../incident/events.js';
import type { Services } from '../../../services.js';
import { componentInput } from '../../blocks/statuspage-modal.js';
import { Inputs } from '../../ids.js';
import { dispatchAfterAck, NOT_RECORDED, record } from '../../record.js';
import { fromSlackText, truncate } from '../../text.js';
import { checkedValues, metadata, selectedValue, textValue } from './state.js';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

const formMeta = z.object({
  incidentId: z.string().regex(/^INC-\d+$/),
  components: z.array(z.string().max(100)).max(50),
});

/** `<what the team is doing…>`: a draft's words a person must replace before it goes out. */
const PLACEHOLDER = /<[^<>@#!\n][^<>\n]{0,200}>/;

export function statusPageView(services: Services) {
  return async (args: ViewArgs) => {
    const meta = metadata(args.view, formMeta);
    const values = args.view.state.values;
    const refuse = (field: string, message: string) =>
      args.ack({ response_action: 'errors', errors: { [field]: truncate(message, 150) } });
    if (!meta) {
      await args.ack();
      return;
    }
    const body = fromSlackText(textValue(values, Inputs.statusPageBody));
    if (!body) {
      await refuse(Inputs.statusPageBody, 'Write what customers will read.');
      return;
    }
    const left = PLACEHOLDER.exec(body)?.[0];
    if (left) {
      await refuse(Inputs.statusPageBody, `Replace ${left} before publishing.`);
      return;
    }
    const status = z.enum(STATUS_PAGE_STATUSES).safeParse(selectedValue(values, Inputs.statusPageStatus));
    if (!status.success) {
      await refuse(Inputs.statusPageStatus, 'Pick the status the page shows.');
      return;
    }
    const { state } = await services.store.load(meta.incidentId);
    if (!state) {
      await args.ack();
      return;
    }
    const components: Record<string, ComponentStatus> = {};
    for (const id of meta.components) {
      const picked = selectedValue(values, componentInput(id));
      const wasAffected = state.statusPage.components[id] !== undefined;
      if (status.data === 'resolved') {
        // The all-clear: whatever was affected, and whatever is marked now, is operational again.
        if (wasAffected || (picked && picked !== 'none')) components[id] = 'operational';
      } else if (picked && picked !== 'none') {
        components[id] = picked as ComponentStatus;
      } else if (wasAffected) {
        components[id] = 'operational';
      }
    }
    const name = fromSlackText(textValue(values, Inputs.statusPageName));
    if (
      state.statusPage.incidentId === undefined &&
      args.view.blocks.some((b) => b.block_id === Inputs.statusPageName) &&
      !name
    ) {
      await refuse(Inputs.statusPageName, 'Give the incident a title for the page.');
      return;
    }
    const outcome = await record(
      services,
      state.id,
      {
        type: 'requestStatusPagePublish',
        publishId: publishIdFor(state.id, args.view.id),
        ...(name ? { name: truncate(name, 255) } : {}),
        status: status.data,
        components,
        body: truncate(body, 4000),
        notify: checkedValues(values, Inputs.statusPageNotify).includes('notify'),
      },
      { actor: args.body.user.id, at: Date.now() },
      `view:${args.view.id}`,
    );
    if (!outcome.ok) {
      await refuse(Inputs.statusPageBody, 'unavailable' in outcome ? NOT_RECORDED : outcome.error.message);
      return;
    }
    await args.ack();
    await dispatchAfterAck(services, outcome);
  };
}
