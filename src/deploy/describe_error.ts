import { isGarbledAnswer } from "./calls/call_errors.ts";

/**
 * One line for an error: the AWS error type where there is one, then the message. An answer the
 * SDK could not parse keeps the parser's first line only: the rest is the SDK's advice to read
 * its hidden `$response` field, which means nothing to someone running a deploy.
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    if (isGarbledAnswer(error)) {
      return `the answer is not ECS JSON: ${error.message.split("\n")[0]!.trim()}`;
    }
    const type = "type" in error && typeof error.type === "string" ? `${error.type}: ` : "";
    return `${type}${error.message}`;
  }
  return String(error);
}
