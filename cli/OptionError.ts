import { CodedError } from '../dispatcher/errors/CodedError';

/** A command-line option with a value the command cannot use; the message names the option and what it takes. */
export class OptionError extends CodedError<'InvalidOption'> {
  constructor(message: string) {
    super('InvalidOption', message);
  }
}
