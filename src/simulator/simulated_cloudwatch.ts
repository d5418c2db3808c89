/**
 * The CloudWatch alarms of the simulated world: `SetAlarmState` and `DescribeAlarms`, so that a
 * user, a pipeline or the AWS CLI can trip a deployment alarm (`deploymentConfiguration.alarms`)
 * of a simulated service, which the simulated ECS then acts on as ECS would. The alarms that
 * exist are the ones the services' deployment alarms name (the simulator has no
 * PutMetricAlarm); each is OK until set, as the simulated ECS sees it. Shapes and errors follow
 * the CloudWatch API model (2010-08-01): `ResourceNotFound` (404) for an unknown alarm,
 * `InvalidFormat` for `StateReasonData` that is not JSON. Alarm states are not kept in
 * snapshots.
 *
 * @module
 */
import { EcsApiError } from "../ecs/ecs_client.ts";
import type { SimulatedEcs } from "./simulated_ecs.ts";

type Wire = Record<string, unknown>;

const STATE_VALUES = ["OK", "ALARM", "INSUFFICIENT_DATA"] as const;
type StateValue = (typeof STATE_VALUES)[number];

interface AlarmState {
  value: StateValue;
  reason: string;
  reasonData?: string;
  updatedAt: Date;
  transitionedAt: Date;
}

/** CloudWatch's answers for the alarms of `sim`'s services, by operation name. */
export class SimulatedCloudWatch {
  readonly #sim: SimulatedEcs;
  readonly #clock: { now(): number };
  readonly #states = new Map<string, AlarmState>();
  readonly #createdAt: Date;

  constructor(sim: SimulatedEcs, clock: { now(): number }) {
    this.#sim = sim;
    this.#clock = clock;
    this.#createdAt = new Date(clock.now());
  }

  /** Runs CloudWatch operation `operation` on its decoded JSON input. */
  async call(operation: string, input: Wire = {}): Promise<Wire> {
    switch (operation) {
      case "SetAlarmState":
        return await this.#setAlarmState(input);
      case "DescribeAlarms":
        return await this.#describeAlarms(input);
      default:
        throw new EcsApiError(
          "UnknownOperationException",
          `Operation ${operation} is not supported by the simulated CloudWatch`,
        );
    }
  }

  async #setAlarmState(input: Wire): Promise<Wire> {
    const name = required(input, "AlarmName");
    const value = required(input, "StateValue");
    const reason = required(input, "StateReason");
    if (!(STATE_VALUES as readonly string[]).includes(value)) {
      invalid(`StateValue "${value}" must be one of ${STATE_VALUES.join(", ")}`);
    }
    if (reason.length > 1023) invalid("StateReason must be at most 1023 characters");
    const data = optionalString(input, "StateReasonData");
    if (data !== undefined) {
      try {
        JSON.parse(data);
      } catch {
        throw new EcsApiError("InvalidFormat", "StateReasonData is not valid JSON");
      }
    }
    if (!(await this.#alarmNames()).has(name)) {
      throw new EcsApiError("ResourceNotFound", `Alarm ${name} not found`, { status: 404 });
    }
    const now = new Date(this.#clock.now());
    const before = this.#states.get(name);
    this.#states.set(name, {
      value: value as StateValue,
      reason,
      ...(data !== undefined ? { reasonData: data } : {}),
      updatedAt: now,
      transitionedAt: before && before.value === value ? before.transitionedAt : now,
    });
    // Deployment alarms fail a deployment only in ALARM; anything else lets it go on.
    this.#sim.setAlarmState(name, value === "ALARM" ? "ALARM" : "OK");
    return {};
  }

  async #describeAlarms(input: Wire): Promise<Wire> {
    const names = input.AlarmNames;
    if (names !== undefined && !Array.isArray(names)) invalid("AlarmNames must be a list");
    const prefix = optionalString(input, "AlarmNamePrefix");
    if (names !== undefined && prefix !== undefined) {
      throw new EcsApiError(
        "InvalidParameterCombination",
        "AlarmNames and AlarmNamePrefix cannot be specified together",
      );
    }
    const stateValue = optionalString(input, "StateValue");
    const types = Array.isArray(input.AlarmTypes) ? input.AlarmTypes : ["MetricAlarm"];
    const max = typeof input.MaxRecords === "number" ? input.MaxRecords : 50;
    if (!Number.isInteger(max) || max < 1 || max > 100) {
      invalid("MaxRecords must be between 1 and 100");
    }
    const start = Number(optionalString(input, "NextToken") ?? "0");
    if (!Number.isInteger(start) || start < 0) {
      throw new EcsApiError("InvalidNextToken", "The next token is not valid");
    }
    const all = [...await this.#alarmNames()].sort()
      .filter((name) => names === undefined || (names as unknown[]).includes(name))
      .filter((name) => prefix === undefined || name.startsWith(prefix))
      .map((name) => this.#metricAlarm(name))
      .filter((alarm) => stateValue === undefined || alarm.StateValue === stateValue);
    // Only metric alarms exist here: a request for composite alarms finds none.
    const metric = types.includes("MetricAlarm") ? all : [];
    const page = metric.slice(start, start + max);
    const next = start + max < metric.length ? { NextToken: String(start + max) } : {};
    return { MetricAlarms: page, CompositeAlarms: [], ...next };
  }

  #metricAlarm(name: string): Wire {
    const state = this.#states.get(name);
    return {
      AlarmName: name,
      AlarmArn: `arn:aws:cloudwatch:${this.#sim.region}:${this.#sim.accountId}:alarm:${name}`,
      AlarmConfigurationUpdatedTimestamp: this.#createdAt,
      ActionsEnabled: true,
      OKActions: [],
      AlarmActions: [],
      InsufficientDataActions: [],
      StateValue: state?.value ?? "OK",
      StateReason: state?.reason ?? "The emulator starts every alarm in OK",
      ...(state?.reasonData !== undefined ? { StateReasonData: state.reasonData } : {}),
      StateUpdatedTimestamp: state?.updatedAt ?? this.#createdAt,
      StateTransitionedTimestamp: state?.transitionedAt ?? this.#createdAt,
    };
  }

  /** The alarms that exist: those named by a service's deployment alarms, or set before. */
  async #alarmNames(): Promise<Set<string>> {
    const names = new Set(this.#states.keys());
    const { clusterArns } = await this.#sim.call("ListClusters", {}) as { clusterArns: string[] };
    for (const cluster of clusterArns) {
      const arns = await this.#pages("ListServices", { cluster }, "serviceArns");
      for (let i = 0; i < arns.length; i += 10) {
        const { services } = await this.#sim.call("DescribeServices", {
          cluster,
          services: arns.slice(i, i + 10),
        }) as { services: Wire[] };
        for (const service of services) {
          const alarms = (service.deploymentConfiguration as Wire | undefined)?.alarms as
            | Wire
            | undefined;
          for (const name of (alarms?.alarmNames as string[] | undefined) ?? []) names.add(name);
        }
      }
    }
    return names;
  }

  async #pages(operation: string, input: Wire, member: string): Promise<string[]> {
    const items: string[] = [];
    let nextToken: string | undefined;
    do {
      const out = await this.#sim.call(operation, {
        ...input,
        ...(nextToken ? { nextToken } : {}),
      });
      items.push(...(out[member] as string[]));
      nextToken = out.nextToken as string | undefined;
    } while (nextToken);
    return items;
  }
}

function optionalString(input: Wire, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") invalid(`${member} must be a string`);
  return value;
}

function required(input: Wire, member: string): string {
  const value = optionalString(input, member);
  if (value === undefined || value === "") {
    throw new EcsApiError("MissingParameter", `The request must contain the parameter ${member}`);
  }
  return value;
}

function invalid(message: string): never {
  throw new EcsApiError("InvalidParameterValue", message);
}
