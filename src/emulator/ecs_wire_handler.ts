/**
 * The HTTP side of the emulator: one `Request -> Response` function speaking the AWS JSON 1.1
 * (or 1.0) protocol in front of anything with ECS's `call(operation, input)` shape: ECS itself, and the
 * other services emulated on the same port (chosen by their `X-Amz-Target` prefix). Signatures
 * are accepted unverified, so any SDK or CLI with any (dummy) credentials can talk to it.
 *
 * @module
 */
import type { Clock } from "../clock.ts";
import { EcsApiError } from "../ecs/ecs_client.ts";
import type { FaultInjector, InjectedFault } from "./fault_injector.ts";
import { decodeWireJson, encodeWireJson, type TimestampInputs } from "./wire_json.ts";

/** The target prefix of ECS operations in `X-Amz-Target`. */
export const ECS_TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";

/** What the handler forwards decoded requests to; the simulated ECS has this shape. */
export interface EcsBackend {
  call(operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** Another AWS JSON 1.1 service answered on the emulator's port, such as CloudWatch Logs. */
export interface WireService {
  /** Its `X-Amz-Target` prefix, dot included, such as `Logs_20140328.`. */
  targetPrefix: string;
  backend: EcsBackend;
  /** Input members that are timestamps, per operation, as paths into the request. */
  timestampInputs?: TimestampInputs;
  /** The AWS JSON protocol version it speaks (CloudWatch's is 1.0); 1.1 unless given. */
  jsonVersion?: "1.0" | "1.1";
}

/** ECS inputs that are timestamps: only these become `Date`s, a desired count stays a number. */
const ECS_TIMESTAMPS: TimestampInputs = {
  ListServiceDeployments: [["createdAt", "before"], ["createdAt", "after"]],
};

/** One request the emulator answered, in arrival order. */
export interface RecordedCall {
  /** The operation from `X-Amz-Target`, or the raw header (or "") when it names none. */
  operation: string;
  /** When the request arrived, by the emulator's clock. */
  at: Date;
  /** The HTTP status answered. */
  status: number;
  /** The error type answered, for failed calls. */
  errorType?: string;
  durationMs: number;
}

/** Options of {@linkcode createEcsWireHandler}. */
export interface EcsWireHandlerOptions {
  backend: EcsBackend;
  /** Services answered beside ECS, by target prefix. */
  services?: WireService[];
  clock: Clock;
  faults?: FaultInjector;
  /** Told about every answered request; the emulator records them. */
  onCall?: (call: RecordedCall) => void;
}

/** Builds the request handler of the ECS wire protocol. */
export function createEcsWireHandler(
  options: EcsWireHandlerOptions,
): (request: Request) => Promise<Response> {
  const { clock, faults, onCall } = options;
  const services: WireService[] = [
    { targetPrefix: ECS_TARGET_PREFIX, backend: options.backend, timestampInputs: ECS_TIMESTAMPS },
    ...options.services ?? [],
  ];
  return async (request) => {
    const started = clock.now();
    const target = request.headers.get("x-amz-target") ?? "";
    const service = services.find(({ targetPrefix }) => target.startsWith(targetPrefix));
    const operation = service ? target.slice(service.targetPrefix.length) : target;
    let response: Response;
    let errorType: string | undefined;
    try {
      const body = await request.text();
      const fault = faults?.decide(started);
      if (faults && faults.latencyMs > 0) await clock.sleep(faults.latencyMs, request.signal);
      if (fault) throw faultError(fault);
      const { backend, timestampInputs } = checkTarget(request, target, service, operation);
      const input = decodeWireJson(body, timestampInputs?.[operation]);
      response = reply(200, await backend.call(operation, input), service?.jsonVersion);
    } catch (error) {
      const failure = error instanceof EcsApiError
        ? error
        : new EcsApiError("ServerException", `Internal error: ${String(error)}`, {
          cause: error,
        });
      errorType = failure.type;
      response = reply(
        failure.status,
        { __type: failure.type, message: failure.message },
        service?.jsonVersion,
      );
    }
    const call: RecordedCall = {
      operation,
      at: new Date(started),
      status: response.status,
      durationMs: clock.now() - started,
    };
    if (errorType !== undefined) call.errorType = errorType;
    onCall?.(call);
    return response;
  };
}

function checkTarget(
  request: Request,
  target: string,
  service: WireService | undefined,
  operation: string,
): WireService {
  if (request.method !== "POST") {
    throw new EcsApiError(
      "UnknownOperationException",
      `Method ${request.method} is not supported: ECS takes POST requests`,
    );
  }
  if (target === "") {
    throw new EcsApiError("UnknownOperationException", "Missing header X-Amz-Target");
  }
  if (service === undefined || !/^[A-Z][A-Za-z0-9]*$/.test(operation)) {
    throw new EcsApiError(
      "UnknownOperationException",
      `Unknown target "${target}": expected "${ECS_TARGET_PREFIX}<Operation>"`,
    );
  }
  return service;
}

function faultError(fault: InjectedFault): EcsApiError {
  return new EcsApiError(fault.type, fault.message, { status: fault.status });
}

function reply(status: number, body: unknown, jsonVersion = "1.1"): Response {
  return new Response(encodeWireJson(body), {
    status,
    headers: {
      "content-type": `application/x-amz-json-${jsonVersion}`,
      "x-amzn-RequestId": crypto.randomUUID(),
    },
  });
}
