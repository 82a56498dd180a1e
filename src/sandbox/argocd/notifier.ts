/**
 * @module sandbox/argocd/notifier
 * The notifications controller for the emulated Argo CD: after every change to an Application it
 * evaluates the triggers the app subscribes the service to, and for each that fires renders the
 * trigger's templates against a snapshot of the app and sends them with only the configured headers
 * (plus what Go's HTTP client adds), retried as go-retryablehttp does.
 */
import type { Application, TriggerName } from './application.js';
import { renderGoTemplate } from './go-template.js';
import type { NotificationsConfig, WebhookTemplate } from './notifications-config.js';
import { type Attempt, type RetriedDelivery, type RetryPolicy, sendWithRetries } from './retryable-http.js';
import { NotifiedState, oncePerValue, subscribedTriggers, TRIGGERS } from './triggers.js';

/** One notification, as rendered and sent, with every attempt. */
export interface RecordedNotification {
  app: string;
  trigger: TriggerName;
  template: string;
  /** The oncePer value it fired for. */
  revision: string;
  request: { method: string; url: string; headers: Record<string, string>; body: string };
  attempts: Attempt[];
  /** Set when the sender is done. */
  result?: RetriedDelivery['result'];
  at: number;
}

/** What the app's notification state holds at start: which triggers count as sent already. */
export type NotifiedBefore = 'live' | 'all' | 'none';

export interface NotifierOptions {
  retry: RetryPolicy;
  attemptTimeoutMs: number;
  /** The `.context` of templates (argocd-notifications-cm `context`). */
  context: Record<string, string>;
  sleep(ms: number): Promise<void>;
  track(work: Promise<unknown>): void;
  changed(): void;
}

/** What Go's net/http client adds to every request (Host and Content-Length aside). */
const GO_CLIENT_HEADERS = { 'User-Agent': 'Go-http-client/1.1', 'Accept-Encoding': 'gzip' };

export class Notifier {
  readonly notifications: RecordedNotification[] = [];
  private readonly states = new Map<string, NotifiedState>();

  constructor(
    private readonly config: NotificationsConfig,
    private readonly options: NotifierOptions,
  ) {}

  /**
   * Sets up an app's notification state as if the controller had been watching it: `live` counts
   * what holds now as sent, `all` also every revision in its history as deployed, `none` nothing.
   */
  seed(app: Application, before: NotifiedBefore): void {
    const state = this.state(app);
    if (before === 'none') return;
    for (const trigger of subscribedTriggers(app, this.config.service)) {
      if (TRIGGERS[trigger].holds(app)) state.remember(trigger, oncePerValue(app));
      if (before === 'all' && trigger === 'on-deployed')
        for (const entry of app.status.history) state.remember(trigger, entry.revision);
    }
  }

  /** Evaluates the app's subscribed triggers now and sends what fires. */
  evaluate(app: Application): void {
    const state = this.state(app);
    const oncePer = oncePerValue(app);
    for (const trigger of subscribedTriggers(app, this.config.service)) {
      if (!state.update(trigger, oncePer, TRIGGERS[trigger].holds(app))) continue;
      const snapshot = structuredClone(app);
      for (const template of this.config.templates[trigger]) this.send(snapshot, trigger, template, oncePer);
    }
  }

  private send(app: Application, trigger: TriggerName, template: WebhookTemplate, revision: string): void {
    const data = {
      app: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', ...app },
      context: this.options.context,
      serviceType: 'webhook',
      recipient: '',
    };
    const headers: Record<string, string> = { ...GO_CLIENT_HEADERS };
    for (const { name, value } of this.config.headers) headers[name] = value;
    const record: RecordedNotification = {
      app: app.metadata.name,
      trigger,
      template: template.name,
      revision,
      request: {
        method: template.method,
        url: `${this.config.url}${renderGoTemplate(template.path, data)}`,
        headers,
        body: renderGoTemplate(template.body, data),
      },
      attempts: [],
      at: Date.now(),
    };
    this.notifications.push(record);
    this.options.changed();
    const sending = sendWithRetries(
      { ...record.request, timeoutMs: this.options.attemptTimeoutMs },
      this.options.retry,
      this.options.sleep,
    ).then((delivery) => {
      record.attempts = delivery.attempts;
      record.result = delivery.result;
      this.options.changed();
    });
    this.options.track(sending);
  }

  private state(app: Application): NotifiedState {
    const key = `${app.metadata.namespace}/${app.metadata.name}`;
    let state = this.states.get(key);
    if (!state) {
      state = new NotifiedState();
      this.states.set(key, state);
    }
    return state;
  }
}
