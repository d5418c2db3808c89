/** The simulated CodeDeploy's records in the shapes of botocore's codedeploy model. */
import type { Wire } from "../sim_records.ts";
import type { DeploymentRecord, GroupRecord, TaskSetRecord } from "./codedeploy_records.ts";

const date = (ms: number | undefined) => ms === undefined ? undefined : new Date(ms);

/** Drops undefined members, as the JSON protocol leaves them out. */
function compact(value: Wire): Wire {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}

export function groupToWire(g: GroupRecord): Wire {
  return compact({
    applicationName: g.application.name,
    deploymentGroupId: g.id,
    deploymentGroupName: g.name,
    deploymentConfigName: g.deploymentConfigName,
    ec2TagFilters: [],
    onPremisesInstanceTagFilters: [],
    autoScalingGroups: [],
    serviceRoleArn: g.serviceRoleArn,
    triggerConfigurations: [],
    autoRollbackConfiguration: g.autoRollback ? structuredClone(g.autoRollback) : undefined,
    deploymentStyle: structuredClone(g.deploymentStyle),
    blueGreenDeploymentConfiguration: structuredClone(g.blueGreen),
    loadBalancerInfo: structuredClone(g.loadBalancerInfo),
    computePlatform: "ECS",
    ecsServices: structuredClone(g.ecsServices),
  });
}

export function deploymentToWire(d: DeploymentRecord): Wire {
  const count = (status: string) => d.targetStatus === status ? 1 : 0;
  return compact({
    applicationName: d.group.application.name,
    deploymentGroupName: d.group.name,
    deploymentConfigName: d.configName,
    deploymentId: d.id,
    revision: {
      revisionType: "AppSpecContent",
      appSpecContent: { content: d.appSpecContent },
    },
    status: d.status,
    errorInformation: d.errorInformation ? { ...d.errorInformation } : undefined,
    createTime: date(d.createTime),
    startTime: date(d.startTime),
    completeTime: date(d.completeTime),
    deploymentOverview: {
      Pending: count("Pending"),
      InProgress: count("InProgress"),
      Succeeded: count("Succeeded"),
      Failed: count("Failed"),
      Skipped: 0,
      Ready: count("Ready"),
    },
    creator: d.creator,
    ignoreApplicationStopFailures: false,
    autoRollbackConfiguration: d.autoRollback ? structuredClone(d.autoRollback) : undefined,
    updateOutdatedInstancesOnly: false,
    rollbackInfo: d.rollbackInfo ? { ...d.rollbackInfo } : undefined,
    deploymentStyle: { deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" },
    instanceTerminationWaitTimeStarted: d.instanceTerminationWaitTimeStarted,
    blueGreenDeploymentConfiguration: structuredClone(d.blueGreen),
    loadBalancerInfo: structuredClone(d.group.loadBalancerInfo),
    deploymentStatusMessages: [],
    computePlatform: "ECS",
  });
}

export function targetToWire(d: DeploymentRecord): Wire {
  const sets = [d.blue, ...(d.green ? [d.green] : [])];
  return {
    deploymentTargetType: "ECSTarget",
    ecsTarget: compact({
      deploymentId: d.id,
      targetId: `${d.cluster}:${d.service}`,
      targetArn: d.serviceArn,
      lastUpdatedAt: date(d.updatedAt),
      lifecycleEvents: d.events.map((e) =>
        compact({
          lifecycleEventName: e.name,
          startTime: date(e.startTime),
          endTime: date(e.endTime),
          status: e.status,
          diagnostics: e.diagnostics ? { ...e.diagnostics } : undefined,
        })
      ),
      status: d.targetStatus,
      taskSetsInfo: sets.map((s) =>
        compact({
          identifer: s.id,
          desiredCount: s.desiredCount,
          pendingCount: s.pendingCount,
          runningCount: s.runningCount,
          status: s.status,
          trafficWeight: s.trafficWeight,
          targetGroup: s.targetGroup ? { name: s.targetGroup } : undefined,
          taskSetLabel: s.label,
        })
      ),
    }),
  };
}

/** A task set as ECS's DescribeServices shows it. */
export function taskSetToEcsWire(
  s: TaskSetRecord,
  context: {
    serviceArn: string;
    clusterArn: string;
    externalId?: string;
    launchType?: string;
    platformVersion?: string;
    networkConfiguration?: Wire;
    loadBalancers: Wire[];
  },
): Wire {
  return compact({
    id: s.id,
    taskSetArn: s.arn,
    serviceArn: context.serviceArn,
    clusterArn: context.clusterArn,
    startedBy: "CODE_DEPLOY",
    externalId: context.externalId,
    status: s.status,
    taskDefinition: s.taskDefinition,
    computedDesiredCount: s.desiredCount,
    pendingCount: s.pendingCount,
    runningCount: s.runningCount,
    createdAt: date(s.createdAt),
    updatedAt: date(s.updatedAt),
    launchType: context.launchType,
    platformVersion: context.platformVersion,
    networkConfiguration: structuredClone(context.networkConfiguration),
    loadBalancers: structuredClone(context.loadBalancers),
    serviceRegistries: [],
    scale: { value: 100, unit: "PERCENT" },
    stabilityStatus: s.steady ? "STEADY_STATE" : "STABILIZING",
    stabilityStatusAt: date(s.updatedAt),
  });
}
