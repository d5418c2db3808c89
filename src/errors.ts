/**
 * Bad input or a failed precondition: the request cannot be carried out and nothing was
 * changed in ECS. The CLI maps it to outcome `invalid`, exit code 2.
 */
export class InvalidRequestError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "InvalidRequestError";
  }
}
