/**
 * @module errors
 * warroom's error codes and the small typed errors that carry them. A `UserFacingError` holds a message
 * written for the responder who caused it; everything else is logged and answered generically.
 */

export enum ErrorCode {
  ConfigInvalid = 'config_invalid',
  TemplateInvalid = 'template_invalid',
  RedisUnavailable = 'redis_unavailable',
  SlackUnavailable = 'slack_unavailable',
  BadInput = 'bad_input',
  NotAllowed = 'not_allowed',
  NotFound = 'not_found',
  Conflict = 'conflict',
}

export class WarroomError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'WarroomError';
  }
}

/** An error whose message is shown to the responder as is: it says what was wrong and what to do. */
export class UserFacingError extends WarroomError {
  constructor(
    code: ErrorCode.BadInput | ErrorCode.NotAllowed | ErrorCode.NotFound | ErrorCode.Conflict,
    message: string,
  ) {
    super(code, message);
    this.name = 'UserFacingError';
  }
}

/** Redis did not take a write or answer a read: the responder must hear that nothing was recorded. */
export class StoreUnavailableError extends WarroomError {
  constructor(cause: unknown) {
    super(ErrorCode.RedisUnavailable, 'Redis is not answering', { cause });
    this.name = 'StoreUnavailableError';
  }
}
