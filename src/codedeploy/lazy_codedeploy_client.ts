/**
 * A CodeDeploy client built on its first call: only deploys of CODE_DEPLOY services load the
 * CodeDeploy SDK, so every other run starts as fast as before.
 *
 * @module
 */
import type { AbortableCodeDeployClient } from "./abortable_codedeploy_client.ts";
import { withCodeDeploySignal } from "./abortable_codedeploy_client.ts";
import type { CodeDeployClient } from "./codedeploy_client.ts";

type Method = Exclude<keyof CodeDeployClient, never>;

/** The client `create` makes, made once, when a call first needs it. */
export function lazyCodeDeployClient(
  create: () => Promise<CodeDeployClient>,
): AbortableCodeDeployClient {
  let client: Promise<CodeDeployClient> | undefined;
  const get = () => client ??= create();
  const calls = (signal?: AbortSignal) =>
    new Proxy({} as CodeDeployClient, {
      get(_target, method: Method) {
        return async (...args: unknown[]) => {
          const real = await get();
          const bound = signal ? withCodeDeploySignal(real, signal) : real;
          return (bound[method] as (...a: unknown[]) => Promise<unknown>)(...args);
        };
      },
    });
  const root = calls() as AbortableCodeDeployClient;
  return new Proxy(root, {
    get(target, method) {
      if (method === "withSignal") return (signal: AbortSignal) => calls(signal);
      if (method === "then") return undefined;
      return Reflect.get(target, method);
    },
  });
}
