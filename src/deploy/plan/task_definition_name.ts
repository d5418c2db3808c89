/** Family and revision of a task definition named by ARN or `family:revision`. */
export interface RevisionName {
  family: string;
  revision: number;
}

/**
 * Parses `family:revision` or a task definition ARN
 * (`arn:aws:ecs:REGION:ACCOUNT:task-definition/family:revision`); undefined for anything else,
 * such as a bare family.
 */
export function parseRevision(taskDefinition: string): RevisionName | undefined {
  const arn = /^arn:[^:]+:ecs:[^:]*:[^:]*:task-definition\/(.+)$/.exec(taskDefinition);
  const match = /^([A-Za-z0-9_-]{1,255}):([1-9]\d*)$/.exec(arn ? arn[1]! : taskDefinition);
  return match ? { family: match[1]!, revision: Number(match[2]) } : undefined;
}
