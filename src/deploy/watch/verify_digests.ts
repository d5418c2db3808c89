/**
 * Verification after a deployment succeeded (`--pin-digests`, `--verify-digests`): every
 * running task of our revision reports, per container, the image digest the plan expected
 * (DescribeTasks `containers[].imageDigest`). A tag that moved between the plan and a task's
 * start, or a task that runs something else, shows here as a mismatch.
 *
 * @module
 */
import type { EcsClient } from "../../ecs/ecs_client.ts";
import type { ImageDigest } from "../plan/resolve_digests.ts";

/** One container of one task that does not run the expected digest. */
export interface DigestMismatch {
  taskArn: string;
  container: string;
  expected: string;
  /** What the task reported; null when it reported no digest. */
  actual: string | null;
}

/** What verification found. */
export interface DigestVerification {
  /** The running tasks of our revision that were checked. */
  tasks: number;
  mismatches: DigestMismatch[];
}

/** Reads the running tasks of `taskDefinitionArn` in the service and compares their digests. */
export async function verifyDigests(
  ecs: EcsClient,
  target: { cluster: string; service: string; taskDefinitionArn: string },
  expected: ImageDigest[],
): Promise<DigestVerification> {
  const arns = await ecs.listTasks(target.cluster, target.service, "RUNNING");
  const tasks = arns.length === 0 ? [] : await ecs.describeTasks(target.cluster, arns);
  const ours = tasks.filter((task) =>
    task.taskDefinitionArn === target.taskDefinitionArn && task.lastStatus === "RUNNING"
  );
  const mismatches: DigestMismatch[] = [];
  for (const task of ours) {
    for (const { container, digest } of expected) {
      const actual = task.containers.find((c) => c.name === container)?.imageDigest ?? null;
      if (actual !== digest) {
        mismatches.push({ taskArn: task.taskArn, container, expected: digest, actual });
      }
    }
  }
  return { tasks: ours.length, mismatches };
}

/** What a verification that found every digest as planned adds to the reason of a success. */
export function verifiedReason(verification: DigestVerification): string {
  const { tasks } = verification;
  if (tasks === 0) return "no running task to verify the image digests of";
  return `image digests verified: ${
    tasks === 1 ? "the running task runs" : `all ${tasks} running tasks run`
  } the planned images`;
}

/** The reason of a deploy that failed verification, naming the containers and digests. */
export function mismatchReason(verification: DigestVerification, digests: ImageDigest[]): string {
  const { mismatches } = verification;
  const tasks = new Set(mismatches.map((m) => m.taskArn)).size;
  const byContainer = new Map<string, DigestMismatch[]>();
  for (const m of mismatches) {
    byContainer.set(m.container, [...byContainer.get(m.container) ?? [], m]);
  }
  const parts = [...byContainer].map(([container, found]) => {
    const image = digests.find((d) => d.container === container)?.image ?? "?";
    const actual = [...new Set(found.map((m) => m.actual ?? "no digest"))].join(", ");
    return `container "${container}" (${image}) runs ${actual}, expected ${found[0]!.expected}`;
  });
  return `ECS completed the deployment, but ${tasks} of ${verification.tasks} running ` +
    `task${verification.tasks === 1 ? "" : "s"} run other images than planned: ${parts.join("; ")}`;
}
