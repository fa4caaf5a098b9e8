// The error `capsim report` raises for bad input (missing folder or files, CSVs that break the output contract).
// The CLI maps it to exit code 2; nothing is written when it is thrown.

export class InputError extends Error {
  override readonly name = 'InputError';

  constructor(message: string) {
    super(message);
  }
}
