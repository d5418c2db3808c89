/** One line for an error: the AWS error type where there is one, then the message. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const type = "type" in error && typeof error.type === "string" ? `${error.type}: ` : "";
    return `${type}${error.message}`;
  }
  return String(error);
}
