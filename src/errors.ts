/**
 * Known errors. Library code throws these; only src/cli turns them into an exit code and one
 * line on stderr. Anything else that escapes is an unexpected crash: exit 2, never 0 or 1.
 */
export type ErrorCode = 'usage' | 'input' | 'config' | 'integration';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  constructor(code: ErrorCode, message: string, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.hint = hint;
  }
}

export class UsageError extends AppError {
  constructor(message: string, hint?: string) {
    super('usage', message, hint);
  }
}

/** The input plan cannot be read: always names the file. */
export class InputError extends AppError {
  readonly file: string;
  constructor(file: string, message: string, hint?: string) {
    super('input', `${file}: ${message}`, hint);
    this.file = file;
  }
}

export class ConfigError extends AppError {
  readonly file: string;
  constructor(file: string, message: string, hint?: string) {
    super('config', `${file}: ${message}`, hint);
    this.file = file;
  }
}

/** A rule plugin cannot be loaded, exports the wrong shape, or fails while checking: always names the plugin. */
export class PluginError extends AppError {
  readonly file: string;
  constructor(file: string, message: string) {
    super('config', `${file}: ${message}`);
    this.file = file;
  }
}

export class IntegrationError extends AppError {
  constructor(message: string, hint?: string) {
    super('integration', message, hint);
  }
}
