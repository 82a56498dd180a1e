/**
 * @module slack/subcommands/limits
 * How much text a responder may put in one update, note or resolution: bounded before it reaches Redis
 * or Slack.
 */
export const MAX_TEXT = 3000;
