import { Command } from "./commander.ts";
import { noColorOption, outputOption } from "./engine_command.ts";
import { collect, requiredServiceTarget, timeoutMs } from "./service_target.ts";
import { stageOptions, stageRequest } from "./stage_options.ts";

/** The flags of a {@linkcode waitingCommand}, as commander names them. */
export type WaitFlags = {
  cluster?: string;
  serviceName?: string[];
  timeout: string;
  onPause?: "wait" | "exit";
  waitUntil?: string;
  output: "text" | "json";
  color: boolean;
};

/**
 * A command that follows one service's deployment to its end (`wait`, `continue`), with the
 * flags they share: `-c`, `-n`, `-t` (described by `timeoutHelp`), `--on-pause`, `--wait-until`,
 * `--output` and `--no-color`. Its type is stated, not inferred through the chain: inference
 * over commander chains in a generic helper made the type check spin.
 */
export function waitingCommand(name: string, timeoutHelp: string): Command<[], WaitFlags> {
  const [onPause, waitUntil] = stageOptions();
  return new Command(name)
    .option("-c, --cluster <name>", "cluster of the service (required)")
    .option("-n, --service-name <name>", "the service (required; one)", collect)
    .option("-t, --timeout <seconds>", timeoutHelp, "600")
    .addOption(onPause)
    .addOption(waitUntil)
    .addOption(outputOption())
    .addOption(noColorOption());
}

/**
 * What the shared flags ask: the service, one deadline, where the wait may end early. `command`
 * names the command in the error for `-n` given twice.
 */
export function waitRequest(flags: WaitFlags, command: string) {
  return {
    ...requiredServiceTarget(flags, command),
    timeoutMs: timeoutMs(flags.timeout),
    ...stageRequest(flags),
  };
}
