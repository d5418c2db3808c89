/**
 * The one module that imports the command-line parser, so it can be swapped in one place.
 * The rest of `src/cli` imports `Command`, `Option` and friends from here.
 */
export {
  Argument,
  Command,
  CommanderError,
  InvalidArgumentError,
  Option,
} from "npm:@commander-js/extra-typings@14.0.0";
