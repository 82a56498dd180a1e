/**
 * @module slack/listeners/route
 * One kind of request Slack sends (the slash command, the clicks, the modal submissions, the events):
 * handles the request and says so, or says it is not its kind.
 */
import type { AllMiddlewareArgs, AnyMiddlewareArgs } from '@slack/bolt';

/** Resolves true when the request was this route's (and has been handled), false to let the next one look. */
export type Route = (args: AnyMiddlewareArgs & AllMiddlewareArgs) => Promise<boolean>;
