/**
 * An error with a stable PascalCase machine code, a message a person can act on, and its `cause`. The dispatcher's
 * errors (ApiError, PersistenceError, DarpError) share it, so one `code` check reads them all.
 */
export class CodedError<Code extends string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
