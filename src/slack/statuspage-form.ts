/**
 * @module slack/statuspage-form
 * Opening the status-page form for an incident (from `/incident statuspage`, the board, or the
 * status-page step's Draft): the text is the status-page draft filled with the incident's facts, the
 * components those of the catalog, the incident's service first.
 */
import type { WebClient } from '@slack/web-api';
import { serviceOfIncident } from '../catalog/lookup.js';
import { protocolNamed } from '../incident/rules.js';
import type { IncidentState } from '../incident/state.js';
import type { Services } from '../services.js';
import { pageComponents, statusPageModal } from './blocks/statuspage-modal.js';
import { fillDraft } from './drafts.js';
import { openModal } from './open-modal.js';

/** The draft template the form starts from (templates/messages/status-page.md). */
export const STATUS_PAGE_DRAFT = 'status-page';

export function openStatusPageForm(
  services: Services,
  state: IncidentState,
  request: { client: WebClient; triggerId: string; tell: (text: string) => Promise<unknown> },
): void {
  const template = services.templates.messages[STATUS_PAGE_DRAFT];
  const protocol = protocolNamed(services.templates, state.protocol);
  const body = template ? fillDraft(template, state, protocol, Date.now(), services.config.timeZone) : state.title;
  const affected = serviceOfIncident(services.templates.catalog, state);
  openModal({
    client: request.client,
    triggerId: request.triggerId,
    view: statusPageModal({ state, body, components: pageComponents(services.templates.catalog, affected), affected }),
    tell: request.tell,
    logger: services.logger,
  });
}
