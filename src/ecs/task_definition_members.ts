/**
 * Members DescribeTaskDefinition adds that RegisterTaskDefinition does not accept: the
 * TaskDefinition shape of the ECS API minus the RegisterTaskDefinition request members.
 */
export const READ_ONLY_TASK_DEFINITION_MEMBERS: readonly string[] = [
  "taskDefinitionArn",
  "revision",
  "status",
  "requiresAttributes",
  "compatibilities",
  "registeredAt",
  "registeredBy",
  "deregisteredAt",
  "deleteRequestedAt",
];
